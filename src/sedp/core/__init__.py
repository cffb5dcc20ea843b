"""The pure-Python core of openSEDP.

Nothing in this package imports Django: ranking, allocation, roll-up, calendars, checks and money live here as
plain functions over dataclasses, so they are fast to test and usable from the command line.
"""
