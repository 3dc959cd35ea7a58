namespace ServiceDesk.Lint.Tests.Deploy;

/// <summary>
/// Stand-ins for aws, sam, curl and zip that the deploy scripts find first on their PATH: each logs its arguments (one per
/// line, after a "--- name" line) and answers like the real tool would for a healthy deployment. Environment variables
/// bend one answer: STUB_FAIL (an aws subcommand that fails), STUB_LEX_INTENT, STUB_API_BODY (the ticket JSON the API returns),
/// STUB_LOGGING_ROLE, STUB_OUTPUTS (a file with the stack's outputs).
/// </summary>
internal static class DeployScriptStubs
{
    private const string Log = """
        printf -- '--- %s\n' "$(basename "$0")" >> "$STUB_LOG"
        for a in "$@"; do printf '%s\n' "$a" >> "$STUB_LOG"; done
        """;

    public static readonly IReadOnlyDictionary<string, string> Scripts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["aws"] = Log + """

            command="$1 $2"
            if [ "${STUB_FAIL:-}" = "$2" ]; then echo "An error occurred (AccessDeniedException) when calling $2" >&2; exit 254; fi
            case "$command" in
              "configure get") echo us-east-1 ;;
              "sts get-caller-identity") echo 123456789012 ;;
              "apigateway get-account") echo "${STUB_LOGGING_ROLE:-None}" ;;
              "cloudformation describe-stacks")
                case "$*" in
                  *"Stacks[0].Outputs --output json"*) cat "$STUB_OUTPUTS" ;;
                  *) echo None ;;
                esac ;;
              "cloudformation describe-stack-resources") printf 'servicedesk-TicketsTable-ABC\tservicedesk-CallersTable-DEF\n' ;;
              "connect list-contact-flows") echo None ;;
              "connect create-contact-flow")
                name=""; content=""
                while [ $# -gt 0 ]; do
                  case "$1" in --name) name=$2 ;; --content) content=${2#file://} ;; esac
                  shift
                done
                cp "$content" "$STUB_FLOWS/$name.json"
                echo "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/contact-flow/$name" ;;
              "secretsmanager get-secret-value") echo '{"apiKey":"stub-api-key"}' ;;
              "lexv2-runtime recognize-text")
                printf '{"messages":[{"content":"Putting you through.","contentType":"PlainText"}],"sessionState":{"intent":{"name":"%s","state":"Fulfilled"}}}\n' "${STUB_LEX_INTENT:-SpeakToAgent}" ;;
              *) ;;
            esac
            """,
        ["sam"] = Log,
        ["dotnet"] = Log,
        ["zip"] = Log + """

            touch "$2"
            """,
        ["curl"] = Log + """

            out=""; method=GET; url=""; key=""
            while [ $# -gt 0 ]; do
              case "$1" in
                -o) out=$2; shift ;;
                -X) method=$2; shift ;;
                -H) case "$2" in x-api-key:*) key=yes ;; @*) grep -q '^x-api-key: ' "${2#@}" && key=yes ;; esac; shift ;;
                -w|-d) shift ;;
                http*) url=$1 ;;
              esac
              shift
            done
            ticket=${STUB_API_BODY:-'{"id":"INC0000001","caller_id":"smoke-test","status":"new","comments":[{"author":"caller","text":"smoke test comment","created_at":"2025-01-01T00:00:00Z"}]}'}
            if [ -z "$key" ]; then echo '{"message":"Forbidden"}' > "$out"; printf 403; exit 0; fi
            case "$method $url" in
              "GET "*"tickets?"*) echo "[$ticket]" > "$out"; printf 200 ;;
              "POST "*"/comments") echo "$ticket" > "$out"; printf 201 ;;
              "POST "*) echo "$ticket" > "$out"; printf 201 ;;
              *) echo "$ticket" > "$out"; printf 200 ;;
            esac
            """,
    };

    /// <summary>The outputs of a stack deployed with the agent but no vector collection.</summary>
    public const string Outputs = """
        [
          {"OutputKey": "ContactFlowFunctionArn", "OutputValue": "arn:aws:lambda:us-east-1:123456789012:function:servicedesk-ContactFlow"},
          {"OutputKey": "ServiceDeskBotId", "OutputValue": "BOTID12345"},
          {"OutputKey": "ServiceDeskBotAliasId", "OutputValue": "ALIASID123"},
          {"OutputKey": "ServiceDeskBotAliasArn", "OutputValue": "arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID12345/ALIASID123"},
          {"OutputKey": "ServiceDeskQueueArn", "OutputValue": "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/queue/66666666-7777-8888-9999-000000000000"},
          {"OutputKey": "TicketsApiUrl", "OutputValue": "https://abc123.execute-api.us-east-1.amazonaws.com/prod/"},
          {"OutputKey": "TicketsApiKeySecretArn", "OutputValue": "arn:aws:secretsmanager:us-east-1:123456789012:secret:key"},
          {"OutputKey": "KnowledgeBaseRoleArn", "OutputValue": "arn:aws:iam::123456789012:role/servicedesk-KnowledgeBaseRole"}
        ]
        """;
}
