"""The sealed test lab: network namespaces with real DNS, web and mail servers.

Used by the test suite and by the README's demo. It drives the auditor only from outside, through
its command line and the same options a user has; the product knows nothing about it.
"""
