import signal
import sys


def _terminated_while_starting(signum: int, frame: object) -> None:
    # Nothing has started yet (the CLI is still being imported): exit as a terminated run does, 143, and say so.
    sys.stderr.write("mtreview: terminated\n")
    raise SystemExit(143)


signal.signal(signal.SIGTERM, _terminated_while_starting)

from mtreview.cli import main  # noqa: E402  (after the handler: importing the CLI takes a moment)

main()
