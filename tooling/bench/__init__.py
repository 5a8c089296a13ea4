"""The benchmark at scale (issue 7): a data generator and the measures of `make bench`.

Nothing here is imported by the portal itself; the two management commands
`generate_scale_data` and `bench` are the only ways in.
"""
