#!/usr/bin/env bash
# Deploys ServiceDesk to your AWS account: build, deploy the stack, load the knowledge base, publish the contact flows
# into your Connect instance, then a smoke test. Needs: AWS CLI v2, SAM CLI, the .NET 10 SDK, zip, curl, jq. Runs on
# bash 3.2 (macOS) and later.
#
#   CONNECT_INSTANCE_ARN=arn:aws:connect:REGION:ACCOUNT:instance/ID \
#   SERVICE_DESK_QUEUE_ID=... HOURS_OF_OPERATION_ID=... deploy/deploy.sh
#
# Optional: STACK_NAME (servicedesk), ENABLE_BEDROCK_AGENT (true), VECTOR_COLLECTION_ARN (adds the knowledge base),
# ARTIFACT_BUCKET (servicedesk-artifacts-ACCOUNT-REGION, created if missing), ALARM_EMAIL; technician visits:
# SCHEDULER_BASE_URL with SCHEDULER_CLIENT_ID, and CONFIRM_SCHEDULE_FLAG / CANCEL_SCHEDULE_FLAG (0 = test mode, the default).
#
# Bash runs $(...) without errexit (bash 4.4 can turn it on, 3.2 cannot), so a function called inside $(...) would
# carry on past a failed command. Here every step that can fail is a plain command; $(...) only holds one command.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in aws sam dotnet zip curl jq; do
  command -v "$tool" > /dev/null || { echo "deploy.sh needs $tool on PATH (see the README's deploy section)" >&2; exit 1; }
done
: "${CONNECT_INSTANCE_ARN:?set CONNECT_INSTANCE_ARN to your Connect instance ARN}"
: "${SERVICE_DESK_QUEUE_ID:?set SERVICE_DESK_QUEUE_ID to the Connect queue calls transfer to}"
: "${HOURS_OF_OPERATION_ID:?set HOURS_OF_OPERATION_ID to the service desk hours in Connect}"
STACK_NAME=${STACK_NAME:-servicedesk}
ENABLE_BEDROCK_AGENT=${ENABLE_BEDROCK_AGENT:-true}
REGION=${AWS_REGION:-$(aws configure get region || true)}
: "${REGION:?set AWS_REGION, or a default region with aws configure}"
ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
ARTIFACT_BUCKET=${ARTIFACT_BUCKET:-servicedesk-artifacts-$ACCOUNT-$REGION}
INSTANCE_ID=${CONNECT_INSTANCE_ARN##*/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The first 16 hex digits of the SHA-256 of stdin: shasum ships with macOS, sha256sum with Linux.
hash16() {
  if command -v shasum > /dev/null; then shasum -a 256; else sha256sum; fi | cut -c1-16
}

echo "== artifacts: s3://$ARTIFACT_BUCKET"
aws s3api head-bucket --bucket "$ARTIFACT_BUCKET" 2> /dev/null || aws s3 mb "s3://$ARTIFACT_BUCKET" --region "$REGION"
# Named after the bot's files, not the zip (whose bytes carry timestamps): a changed bot gets a new BotVersion.
BOT_REVISION=$( (cd lex-bots/ServiceDeskBot && find . -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done) | hash16)
(cd lex-bots/ServiceDeskBot && zip -qr "$work/bot.zip" .)
aws s3 cp "$work/bot.zip" "s3://$ARTIFACT_BUCKET/bots/ServiceDeskBot-$BOT_REVISION.zip"
# A changed schema gets a new key, so the agent changes; the revision moves the agent's alias to a new version.
AGENT_SCHEMA_KEY="agent/ticket-tools-$(hash16 < deploy/agent/ticket-tools.openapi.yaml).openapi.yaml"
AGENT_REVISION=$(cat deploy/agent/instructions.txt deploy/agent/ticket-tools.openapi.yaml | hash16)
aws s3 cp deploy/agent/ticket-tools.openapi.yaml "s3://$ARTIFACT_BUCKET/$AGENT_SCHEMA_KEY"

# API Gateway's access logs need the account's CloudWatch role (one per account and region). The stack makes it when
# there is none, and keeps it if it made it before.
logging_role=$(aws apigateway get-account --region "$REGION" --query cloudwatchRoleArn --output text)
made_it_before=$(aws cloudformation describe-stacks --stack-name "$STACK_NAME" --region "$REGION" \
  --query "Stacks[0].Parameters[?ParameterKey=='CreateApiGatewayLoggingRole'].ParameterValue | [0]" --output text 2> /dev/null || echo none)
CREATE_LOGGING_ROLE=false
if [ -z "$logging_role" ] || [ "$logging_role" = "None" ] || [ "$made_it_before" = "true" ]; then CREATE_LOGGING_ROLE=true; fi

# SAM cuts an override's value at the first space unless it is in double quotes (with \" inside), and rejects an
# empty value: the instruction is quoted, and optional settings are passed only when set.
instruction=$(tr '\n' ' ' < deploy/agent/instructions.txt | sed -e 's/ *$//' -e 's/"/\\"/g')
overrides=(
  "ConnectInstanceArn=$CONNECT_INSTANCE_ARN"
  "ServiceDeskQueueId=$SERVICE_DESK_QUEUE_ID"
  "HoursOfOperationId=$HOURS_OF_OPERATION_ID"
  "ArtifactBucket=$ARTIFACT_BUCKET"
  "BotRevision=$BOT_REVISION"
  "EnableBedrockAgent=$ENABLE_BEDROCK_AGENT"
  "AgentInstruction=\"$instruction\""
  "AgentSchemaKey=$AGENT_SCHEMA_KEY"
  "AgentRevision=$AGENT_REVISION"
  "CreateApiGatewayLoggingRole=$CREATE_LOGGING_ROLE"
)
if [ -n "${VECTOR_COLLECTION_ARN:-}" ]; then overrides+=("VectorCollectionArn=$VECTOR_COLLECTION_ARN"); fi
if [ -n "${ALARM_EMAIL:-}" ]; then overrides+=("AlarmEmail=$ALARM_EMAIL"); fi
if [ -n "${SCHEDULER_BASE_URL:-}" ]; then overrides+=("SchedulerBaseUrl=$SCHEDULER_BASE_URL"); fi
if [ -n "${SCHEDULER_CLIENT_ID:-}" ]; then overrides+=("SchedulerClientId=$SCHEDULER_CLIENT_ID"); fi
if [ -n "${CONFIRM_SCHEDULE_FLAG:-}" ]; then overrides+=("ConfirmScheduleFlag=$CONFIRM_SCHEDULE_FLAG"); fi
if [ -n "${CANCEL_SCHEDULE_FLAG:-}" ]; then overrides+=("CancelScheduleFlag=$CANCEL_SCHEDULE_FLAG"); fi

echo "== build and deploy $STACK_NAME"
sam build --config-file deploy/samconfig.toml
sam deploy --config-file deploy/samconfig.toml --stack-name "$STACK_NAME" --region "$REGION" --no-confirm-changeset \
  --parameter-overrides "${overrides[@]}"

aws cloudformation describe-stacks --stack-name "$STACK_NAME" --region "$REGION" --query "Stacks[0].Outputs" --output json > "$work/outputs.json"
# Prints a stack output; fails if the stack has none of that name.
output() { jq -er --arg k "$1" '.[] | select(.OutputKey == $k) | .OutputValue' "$work/outputs.json"; }
has_output() { jq -e --arg k "$1" 'any(.[]; .OutputKey == $k)' "$work/outputs.json" > /dev/null; }

if has_output KnowledgeBaseId; then
  echo "== knowledge base"
  kb_bucket=$(output KnowledgeBaseBucketName)
  kb_id=$(output KnowledgeBaseId)
  kb_source=$(output KnowledgeBaseDataSourceId)
  aws s3 sync deploy/knowledge-base "s3://$kb_bucket/" --delete
  aws bedrock-agent start-ingestion-job --knowledge-base-id "$kb_id" --data-source-id "$kb_source" --region "$REGION" > /dev/null
elif has_output KnowledgeBaseRoleArn; then
  kb_role=$(output KnowledgeBaseRoleArn)
  echo "== knowledge base: left out, no VECTOR_COLLECTION_ARN. To add it, let $kb_role into a collection (README) and deploy again."
fi

echo "== contact flows"
# Every ${Name} in contact-flows/*.json gets its value here (servicedesk lint checks that none is missing).
echo '{}' > "$work/flow-values.json"
flow_value() {
  jq --arg k "$1" --arg v "$2" '.[$k] = $v' "$work/flow-values.json" > "$work/flow-values.next"
  mv "$work/flow-values.next" "$work/flow-values.json"
}
flow_output() {
  local value
  value=$(output "$1")
  flow_value "$1" "$value"
}
flow_output ContactFlowFunctionArn
flow_output ServiceDeskBotAliasArn
flow_output ServiceDeskQueueArn
flow_value ServiceDeskQueueId "$SERVICE_DESK_QUEUE_ID"
flow_value HoursOfOperationId "$HOURS_OF_OPERATION_ID"

# Writes flow $1 to $2 with its placeholders filled in; stops the deploy if one has no value.
substitute() {
  local left
  jq --slurpfile v "$work/flow-values.json" \
    'walk(if type == "string" then gsub("\\$\\{(?<n>[A-Za-z0-9]+)\\}"; $v[0][.n] // "${\(.n)}") else . end)' "$1" > "$2"
  left=$(jq -r '[.. | strings | scan("\\$\\{[A-Za-z0-9]+\\}")] | unique | join(" ")' "$2")
  if [ -n "$left" ]; then
    echo "$1: no value for $left" >&2
    exit 1
  fi
}

# Creates the flow or updates its content, and sets flow_arn.
publish_flow() {
  local name=$1 type=$2 file=$3
  substitute "$file" "$work/$name.json"
  flow_arn=$(aws connect list-contact-flows --instance-id "$INSTANCE_ID" --contact-flow-types "$type" --region "$REGION" \
    --query "ContactFlowSummaryList[?Name=='$name'].Arn | [0]" --output text)
  if [ -z "$flow_arn" ] || [ "$flow_arn" = "None" ]; then
    flow_arn=$(aws connect create-contact-flow --instance-id "$INSTANCE_ID" --name "$name" --type "$type" \
      --content "file://$work/$name.json" --region "$REGION" --query ContactFlowArn --output text)
  else
    aws connect update-contact-flow-content --instance-id "$INSTANCE_ID" --contact-flow-id "${flow_arn##*/}" \
      --content "file://$work/$name.json" --region "$REGION"
  fi
}

# The queue, whisper and disconnect flows first: the inbound flow names them.
publish_flow ServiceDesk-CustomerQueue CUSTOMER_QUEUE contact-flows/ServiceDesk-CustomerQueue.json
flow_value CustomerQueueFlowArn "$flow_arn"
publish_flow ServiceDesk-AgentWhisper AGENT_WHISPER contact-flows/ServiceDesk-AgentWhisper.json
flow_value AgentWhisperFlowArn "$flow_arn"
publish_flow ServiceDesk-Disconnect CONTACT_FLOW contact-flows/ServiceDesk-Disconnect.json
flow_value DisconnectFlowArn "$flow_arn"
publish_flow ServiceDesk-Inbound CONTACT_FLOW contact-flows/ServiceDesk-Inbound.json
echo "Inbound flow: $flow_arn (assign it to your service desk phone number in the Connect console)"

echo "== smoke test"
api=$(output TicketsApiUrl)
secret_arn=$(output TicketsApiKeySecretArn)
bot_id=$(output ServiceDeskBotId)
bot_alias_id=$(output ServiceDeskBotAliasId)
# The secret is {"apiKey": "..."} (template.yaml's GenerateSecretString); API Gateway reads the same field.
aws secretsmanager get-secret-value --secret-id "$secret_arn" --region "$REGION" --query SecretString --output text > "$work/secret.json"
# The key goes to curl in a header file, never on a command line (where ps shows it to every user of the machine).
(umask 077 && jq -er '"x-api-key: " + .apiKey' "$work/secret.json" > "$work/key-header")
rm -f "$work/secret.json"
key="@$work/key-header"
stamp=$(date +%s)

# call STATUS METHOD PATH [curl options]: the body lands in $work/body. Errors name the request, never the key.
call() {
  local status=$1 method=$2 path=$3 got
  shift 3
  got=$(curl -sS -o "$work/body" -w '%{http_code}' -X "$method" "$api$path" -H "Content-Type: application/json" "$@") || got="no answer"
  if [ "$got" != "$status" ]; then
    echo "smoke test: $method $path answered $got, expected $status" >&2
    cat "$work/body" >&2 2> /dev/null || true
    exit 1
  fi
}
# expect JQ_FILTER [jq options]: the last body must satisfy the filter.
expect() {
  local filter=$1
  shift
  if ! jq -e "$@" "$filter" "$work/body" > /dev/null; then
    echo "smoke test: the response does not match $filter:" >&2
    cat "$work/body" >&2
    exit 1
  fi
}

call 201 POST tickets -H "$key" -H "Idempotency-Key: smoke-$stamp" \
  -d '{"caller_id":"smoke-test","issue_description":"Deployment smoke test"}'
expect '(.id | test("^INC[0-9]{7}$")) and .caller_id == "smoke-test" and .status == "new"'
ticket=$(jq -r .id "$work/body")
call 200 GET "tickets/$ticket" -H "$key"
expect '.id == $id and (.comments | type == "array")' --arg id "$ticket"
call 201 POST "tickets/$ticket/comments" -H "$key" -d '{"text":"smoke test comment"}'
expect 'any(.comments[]; .text == "smoke test comment")'
call 200 GET "tickets?caller=smoke-test&limit=5" -H "$key"
expect 'type == "array" and any(.[]; .id == $id)' --arg id "$ticket"
call 403 GET "tickets?caller=smoke-test"
expect 'has("message")'

aws lexv2-runtime recognize-text --bot-id "$bot_id" --bot-alias-id "$bot_alias_id" --locale-id en_US \
  --session-id "smoke-$stamp" --text "I need a person" --region "$REGION" --output json > "$work/lex.json"
heard=$(jq -r '.sessionState.intent.name // "nothing"' "$work/lex.json")
if [ "$heard" != "SpeakToAgent" ]; then
  echo "smoke test: for \"I need a person\" the bot recognised $heard, expected SpeakToAgent" >&2
  exit 1
fi
if ! jq -e '.messages | length > 0' "$work/lex.json" > /dev/null; then
  echo "smoke test: the bot recognised SpeakToAgent but said nothing (is LexFulfillment wired to the alias?)" >&2
  exit 1
fi
echo "== deployed $STACK_NAME"
