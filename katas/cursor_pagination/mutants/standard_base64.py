"""Mutant: cursors are encoded with the standard base64 alphabet, padding included.

category: example
'+', '/' and '=' are not URL-safe: a cursor in a query string arrives altered.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        'return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")': (
            'return base64.b64encode(data).decode("ascii")'
        ),
        'return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))': (
            "return base64.b64decode(text)"
        ),
    },
)
