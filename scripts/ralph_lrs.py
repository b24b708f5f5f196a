"""Start Ralph, the LRS, with its file-system backend on 127.0.0.1: for the xAPI tests and `make lrs`.

Run with Ralph's own interpreter (var/ralph-venv/bin/python, see requirements-lrs.txt):

    var/ralph-venv/bin/python scripts/ralph_lrs.py --port 8100 --dir var/lrs --username elearning --password …

Statements are written to <dir>/fs_lrs.jsonl; the account (HTTP Basic) may write and read them.
"""

import argparse
import json
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--dir", default="var/lrs")
    parser.add_argument("--username", default="elearning")
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    import bcrypt

    folder = Path(args.dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    auth = folder / "auth.json"
    auth.write_text(
        json.dumps(
            [
                {
                    "username": args.username,
                    "hash": bcrypt.hashpw(args.password.encode(), bcrypt.gensalt()).decode(),
                    "scopes": ["all"],
                    "agent": {"account": {"homePage": "https://elus-quartiers.invalid/", "name": args.username}},
                }
            ]
        )
    )
    # Ralph reads its settings from the environment when it is imported.
    os.environ["RALPH_AUTH_FILE"] = str(auth)
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = str(folder)
    os.environ["RALPH_APP_DIR"] = str(folder / "app")
    os.environ["RALPH_RUNSERVER_AUTH_BACKENDS"] = "basic"

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    # Ralph 5.1's file-system LRS backend writes with « create », which refuses an existing file: every
    # statement after the first would fail (500). Appending is what an LRS file needs. ClickHouse and
    # Elasticsearch, the backends for real use (docs/deployment.md), are not concerned.
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND

    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
