"""Shared by the hostile-input scripts: the one-operation description they check against."""
import os

# GET /thing answers a JSON object: enough for check --live, check --generate and test --spec.
THING_SPEC = """openapi: 3.0.3
info: {title: hostile, version: "1"}
paths:
  /thing:
    get:
      operationId: getThing
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object}
"""


def write_spec(folder):
    """Writes THING_SPEC to FOLDER/api.yaml and returns the path."""
    path = os.path.join(folder, "api.yaml")
    with open(path, "w") as f:
        f.write(THING_SPEC)
    return path
