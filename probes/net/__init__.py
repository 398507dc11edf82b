"""The network door: the context, its clients, the gate with its address policy, the
errors they raise, and the settings that shape them. Probes reach the network only
through it; nothing here knows a check, a profile or a report."""
