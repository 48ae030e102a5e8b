"""InterpBench's tracr cases, one file each (`case_<id>.py` defines `CASE`)."""
