#!/usr/bin/env python3
"""Validates a request we send to an AWS rest-json API against the service model botocore ships (the one the AWS CLI uses).

    validate-aws-request.py SERVICE OPERATION [URI_MEMBER=VALUE ...] < body.json

The body is the JSON we put on the wire; members the model binds to the URI or headers are given as arguments.
Wire names are mapped to the model's member names, then botocore's ParamValidator checks required members, unknown
members, types and minimums; enum values, maximums and patterns are checked here (botocore leaves them to the
service; see awsmodel.py). Exit 0: valid. Exit 1: the problems, one a line. Exit 3: no botocore here (the caller skips).
"""
import json
import sys

sys.dont_write_bytecode = True
from awsmodel import model, to_params, validate  # noqa: E402  (exits 3 without botocore)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    service, operation = argv[1], argv[2]
    op = model(service).operation_model(operation)
    body = json.load(sys.stdin)
    problems = []
    params = to_params(body, op.input_shape, "", problems)
    for arg in argv[3:]:
        name, _, value = arg.partition("=")
        params[name] = value
    problems += validate(params, op.input_shape)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
