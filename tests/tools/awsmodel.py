"""JSON as it goes on the wire, checked against a shape of an AWS service model botocore ships (the AWS CLI's reference).

Shared by validate-aws-request.py and validate-aws-response.py. botocore's ParamValidator checks required and unknown
members, types and minimum lengths; it leaves the rest to the service, so this adds enum values, maximum lengths, sizes
and values, patterns, and booleans where a number belongs (Python counts True as an int). Importing it without botocore
ends the process with exit code 3, which the tests read as "skip".
"""
import re
import sys

try:
    import botocore.session
    from botocore.validate import ParamValidator
except ImportError:
    print("python3 has no botocore", file=sys.stderr)
    sys.exit(3)

_session = botocore.session.get_session()
_models = {}


def model(service):
    if service not in _models:
        _models[service] = _session.get_service_model(service)
    return _models[service]


def to_params(value, shape, path, problems, nullable_maps=frozenset()):
    """
    Wire JSON to botocore's input parameters, by the shapes' wire names; a key the model does not name is kept so the
    validator reports it. A JSON null is kept too (and reported), except as a value of a map whose shape is named in
    nullable_maps: there the service documents null as "not set" and it is dropped.
    """
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
            params[name] = to_params(item, member, f"{path}.{key}", problems, nullable_maps)
        return params
    if shape.type_name == "list" and isinstance(value, list):
        _at_most(len(value), shape, path, "items", problems)
        return [to_params(v, shape.member, f"{path}[]", problems, nullable_maps) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        _at_most(len(value), shape, path, "entries", problems)
        params = {}
        for k, v in value.items():
            _check_string(k, shape.key, f"{path} key {k!r}", problems)
            if v is None and shape.name in nullable_maps:
                continue
            params[k] = to_params(v, shape.value, f"{path}.{k}", problems, nullable_maps)
        return params
    if shape.type_name == "string":
        _check_string(value, shape, path, problems)
    if shape.type_name in ("integer", "long"):
        if isinstance(value, bool):
            problems.append(f"{path[1:]}: {value!r} is a boolean, not a number")
        elif isinstance(value, int):
            _at_most(value, shape, path, "", problems)
    return value


def _check_string(value, shape, path, problems):
    if not isinstance(value, str) or shape.type_name != "string":
        return
    if shape.enum and value not in shape.enum:
        problems.append(f"{path[1:]}: {value!r} is not one of {', '.join(shape.enum)}")
    _at_most(len(value), shape, path, "characters", problems)
    pattern = shape.metadata.get("pattern")
    if pattern:
        try:
            matched = re.search(pattern, value)
        except re.error:
            # A Java-only construct (\p{..}); the service checks it, we cannot here.
            return
        if not matched:
            problems.append(f"{path[1:]}: {_short(value)} does not match the pattern {pattern}")


def _at_most(size, shape, path, unit, problems):
    most = shape.metadata.get("max")
    if most is not None and size > most:
        what = f"{size} {unit}" if unit else str(size)
        problems.append(f"{path[1:]}: {what}, more than the {most} allowed")


def _short(value):
    return repr(value if len(value) <= 60 else value[:57] + "...")


def check(value, shape, label, problems, nullable_maps=frozenset()):
    """Checks one value against one shape; each problem found starts with the value's label (its place in the JSON)."""
    params = to_params(value, shape, "." + label, problems, nullable_maps)
    report = ParamValidator().validate(params, shape)
    if report.has_errors():
        # One problem a line, each named relative to the shape.
        problems.extend(f"{label}: {line.strip()}" for line in report.generate_report().splitlines() if line.strip())


def validate(params, shape):
    """botocore's own report for parameters already mapped by to_params (empty when they are valid)."""
    report = ParamValidator().validate(params, shape)
    return [report.generate_report()] if report.has_errors() else []
