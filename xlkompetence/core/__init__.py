"""The domain, pure: schema, Danish labels, models, the value parsers (parsing, dates,
resources), gaps, planning, effort (participants and staff time), the red thread between the
sheets, formulas, findings, profile matching, pseudonyms and the concept's example.

May import the standard library and pydantic only, and nothing of the package outside
``core``: this is what runs anywhere Python runs, Excel's browser included.
"""
