"""Writers that render audit results: JSON (the output contract), text, and later HTML/CSV."""
