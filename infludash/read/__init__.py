"""Bytes to a ReadResult: the only code that knows file formats, encodings, delimiters and number
spellings."""
