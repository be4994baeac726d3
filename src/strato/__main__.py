"""``python -m strato``: the ``strato`` command."""

from strato.cli import main

raise SystemExit(main())
