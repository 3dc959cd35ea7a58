#!/usr/bin/env python3
"""Validates a request we send to an AWS rest-json API against the service model botocore ships (the one the AWS CLI uses).

    validate-aws-request.py SERVICE OPERATION [URI_MEMBER=VALUE ...] < body.json

The body is the JSON we put on the wire; members the model binds to the URI or headers are given as arguments.
Wire names are mapped to the model's member names, then botocore's ParamValidator checks required members, unknown
members, types, lengths and ranges; enum values are checked here (botocore leaves them to the service). Exit 0: valid. Exit 1: the problems, one a line. Exit 3: no
botocore here (the caller skips).
"""
import json
import sys

try:
    import botocore.session
    from botocore.validate import ParamValidator
except ImportError:
    print("python3 has no botocore", file=sys.stderr)
    sys.exit(3)


def to_params(value, shape, path, problems):
    """Wire JSON to botocore's input parameters, by the shapes' wire names; a key the model does not name is kept so the validator reports it."""
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        by_wire = {m.serialization.get("name", name): name for name, m in shape.members.items()}
        params = {}
        for key, item in value.items():
            name = by_wire.get(key, key)
            member = shape.members.get(name)
            if member is not None and path == "" and member.serialization.get("location") not in (None, "body"):
                problems.append(f"{key} belongs in the {member.serialization['location']}, not the body")
            params[name] = to_params(item, member, f"{path}.{key}", problems)
        return params
    if shape.type_name == "list" and isinstance(value, list):
        return [to_params(v, shape.member, f"{path}[]", problems) for v in value]
    if shape.type_name == "string" and shape.enum and isinstance(value, str) and value not in shape.enum:
        problems.append(f"{path[1:]}: {value!r} is not one of {', '.join(shape.enum)}")
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: to_params(v, shape.value, f"{path}.{k}", problems) for k, v in value.items()}
    return value


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    service, operation = argv[1], argv[2]
    model = botocore.session.get_session().get_service_model(service)
    op = model.operation_model(operation)
    body = json.load(sys.stdin)
    problems = []
    params = to_params(body, op.input_shape, "", problems)
    for arg in argv[3:]:
        name, _, value = arg.partition("=")
        params[name] = value
    report = ParamValidator().validate(params, op.input_shape)
    if report.has_errors():
        problems.append(report.generate_report())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
