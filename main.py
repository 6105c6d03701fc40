"""Open CourseHub: `python main.py` (the desktop program) or `python main.py --help`."""

import sys

from coursehub.app import main

if __name__ == "__main__":
    sys.exit(main())
