#!/usr/bin/env python3
"""Validates a response one of our Lambda functions writes against the closest shapes of the AWS service models botocore
ships (the AWS CLI's reference), plus the documented envelope rules the models do not hold.

    validate-aws-response.py lex|agent|connect < response.json
    validate-aws-response.py --serve     # lines "KIND JSON" in, one JSON list of problems a line out (for the tests)

Exit 0: valid. Exit 1: the problems, one a line. Exit 2: usage. Exit 3: no botocore here (the caller skips).
"""
import json
import sys

sys.dont_write_bytecode = True
from awsmodel import check, model  # noqa: E402  (exits 3 without botocore)

LEX = model("lexv2-runtime")
AGENT = model("bedrock-agent-runtime")
CONNECT = model("connect")

# The Lambda response page lists these; the runtime model's DialogActionType adds None, which a code hook may not return.
# https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html
LEX_DIALOG_ACTIONS = {"Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot"}


def lex(response):
    """
    A code hook's answer to Lex V2: sessionState against the runtime's SessionState, each message against Message,
    requestAttributes against StringMap. Lex documents unfilled slots as null, so a null slot is "not set" here.
    """
    if not isinstance(response, dict):
        return ["the response is not a JSON object"]
    problems = [f"{key}: not a member of a Lex code hook response" for key in response if key not in ("sessionState", "messages", "requestAttributes")]
    state = response.get("sessionState")
    if state is None:
        problems.append("sessionState is required")
    else:
        check(state, LEX.shape_for("SessionState"), "sessionState", problems, nullable_maps={"Slots"})
    if "messages" in response:
        check(response["messages"], LEX.shape_for("Messages"), "messages", problems)
    if "requestAttributes" in response:
        check(response["requestAttributes"], LEX.shape_for("StringMap"), "requestAttributes", problems)
    if isinstance(state, dict):
        problems += lex_rules(state, response.get("messages"))
    return problems


def lex_rules(state, messages):
    """What the Lambda response page requires beyond the model (each rule names its source)."""
    problems = []
    action = state.get("dialogAction")
    if not isinstance(action, dict):
        return ["sessionState.dialogAction is required (lambda-response-format)"]
    kind = action.get("type")
    intent = state.get("intent") if isinstance(state.get("intent"), dict) else None
    if kind not in LEX_DIALOG_ACTIONS:
        problems.append(f"sessionState.dialogAction.type: {kind!r} is not a code hook's dialog action ({', '.join(sorted(LEX_DIALOG_ACTIONS))})")
    if kind == "ElicitSlot" and not action.get("slotToElicit"):
        problems.append("sessionState.dialogAction.slotToElicit is required for ElicitSlot")
    if kind in ("Close", "ConfirmIntent", "ElicitSlot") and intent is None:
        problems.append(f"sessionState.intent is required for {kind}")
    if kind == "Close" and intent is not None and intent.get("state") not in ("Fulfilled", "Failed"):
        problems.append(f"sessionState.intent.state: {intent.get('state')!r}; a Close sets Fulfilled or Failed")
    if intent is not None and intent.get("state") == "ReadyForFulfillment" and kind != "Delegate":
        problems.append(f"sessionState.intent.state: ReadyForFulfillment goes only with Delegate, not {kind}")
    if kind in ("ElicitIntent", "ConfirmIntent") and not messages:
        problems.append(f"messages are required for {kind}")
    for i, message in enumerate(messages if isinstance(messages, list) else []):
        if not isinstance(message, dict):
            continue
        if message.get("contentType") == "ImageResponseCard":
            if "imageResponseCard" not in message:
                problems.append(f"messages[{i}].imageResponseCard is required for an ImageResponseCard message")
        elif "content" not in message:
            problems.append(f"messages[{i}].content is required for a {message.get('contentType')} message")
    return problems


def agent(response):
    """
    An action-group Lambda's answer to a Bedrock agent. The envelope is checked against the Lambda page
    (https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html); the result inside it against the
    model's ApiResult or FunctionResult, the same result a return-control caller sends back in InvokeAgent. The names
    differ in one place: the Lambda's function result nests responseState and responseBody in functionResponse, where
    FunctionResult holds them directly. The session maps are the model's SessionState maps, and the Lambda's
    knowledgeBasesConfiguration is SessionState's knowledgeBaseConfigurations.
    """
    if not isinstance(response, dict):
        return ["the response is not a JSON object"]
    envelope = ("messageVersion", "response", "sessionAttributes", "promptSessionAttributes", "knowledgeBasesConfiguration")
    problems = [f"{key}: not a member of an action group response" for key in response if key not in envelope]
    if response.get("messageVersion") != "1.0":
        problems.append(f"messageVersion: {response.get('messageVersion')!r}, the only version is '1.0'")
    session = AGENT.shape_for("SessionState").members
    for key, member in (("sessionAttributes", "sessionAttributes"), ("promptSessionAttributes", "promptSessionAttributes"),
                        ("knowledgeBasesConfiguration", "knowledgeBaseConfigurations")):
        if key in response:
            check(response[key], session[member], key, problems)
    result = response.get("response")
    if not isinstance(result, dict):
        return problems + ["response is required, an object"]
    if "function" in result or "functionResponse" in result:
        allowed, required = ("actionGroup", "function", "functionResponse"), ("actionGroup", "function", "functionResponse")
        problems += [f"response.{key}: not a member of a function result" for key in result if key not in allowed]
        problems += [f"response.{key} is required in a function result" for key in required if key not in result]
        function_response = result.get("functionResponse")
        flat = {k: v for k, v in result.items() if k in ("actionGroup", "function")}
        if isinstance(function_response, dict):
            problems += [f"response.functionResponse.{key}: not a member" for key in function_response if key not in ("responseState", "responseBody")]
            if "responseBody" not in function_response:
                problems.append("response.functionResponse.responseBody is required")
            flat.update({k: v for k, v in function_response.items() if k in ("responseState", "responseBody")})
        elif function_response is not None:
            problems.append("response.functionResponse must be an object")
        check(flat, AGENT.shape_for("FunctionResult"), "response", problems)
    else:
        required = ("actionGroup", "apiPath", "httpMethod", "httpStatusCode", "responseBody")
        problems += [f"response.{key}: not a member of an API result" for key in result if key not in required]
        problems += [f"response.{key} is required in an API result" for key in required if key not in result]
        check(result, AGENT.shape_for("ApiResult"), "response", problems)
    return problems


CONNECT_MAX_BYTES = 32 * 1024


def connect(response):
    """
    An answer to Connect's InvokeLambdaFunction block with ResponseType STRING_MAP: "a flat object of key/value pairs"
    whose values are strings, under 32 KB (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html);
    nested objects, arrays, numbers and null send the flow down its error branch. No model shape holds a Lambda's
    answer; its values become contact attributes when the flow stores them, so they are also checked against the
    Attributes map of UpdateContactAttributes.
    """
    if not isinstance(response, dict):
        return ["the response is not a JSON object (STRING_MAP needs a flat map of strings)"]
    problems = [f"{key}: {type(value).__name__ if value is not None else 'null'}, not a string (STRING_MAP is flat, string to string)"
                for key, value in response.items() if not isinstance(value, str)]
    size = len(json.dumps(response, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
    if size >= CONNECT_MAX_BYTES:
        problems.append(f"{size} bytes of UTF-8; Connect takes less than {CONNECT_MAX_BYTES}")
    if not problems:
        check(response, CONNECT.operation_model("UpdateContactAttributes").input_shape.members["Attributes"], "Attributes", problems)
    return problems


KINDS = {"lex": lex, "agent": agent, "connect": connect}


def validate_text(kind, text):
    try:
        response = json.loads(text)
    except ValueError as ex:
        return [f"not JSON: {ex}"]
    return KINDS[kind](response)


def serve():
    for raw in sys.stdin.buffer:
        kind, _, text = raw.decode("utf-8").rstrip("\n").partition(" ")
        problems = validate_text(kind, text) if kind in KINDS else [f"unknown kind {kind!r}"]
        sys.stdout.write(json.dumps(problems) + "\n")
        sys.stdout.flush()
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--serve":
        return serve()
    if len(argv) != 2 or argv[1] not in KINDS:
        print(__doc__, file=sys.stderr)
        return 2
    problems = validate_text(argv[1], sys.stdin.buffer.read().decode("utf-8-sig"))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
