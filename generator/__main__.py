"""`python -m generator` runs the `playbook` command.

The command is imported when it runs, not when this module is: a PDF worker, which
starts by importing the parent's main module, stays light.
"""


def main() -> None:
    from generator.cli import main as run  # noqa: PLC0415 - kept out of PDF workers

    run()


if __name__ == "__main__":
    main()
