import sys

from .cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # output piped into `head`
    sys.exit(0)
