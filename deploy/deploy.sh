#!/usr/bin/env bash
# Deploys ServiceDesk to your AWS account: build, deploy the stack, load the knowledge base, publish the contact flows
# into your Connect instance, then a smoke test. Needs: AWS CLI v2, SAM CLI, the .NET 10 SDK, zip, curl.
#
#   CONNECT_INSTANCE_ARN=arn:aws:connect:REGION:ACCOUNT:instance/ID \
#   SERVICE_DESK_QUEUE_ID=... HOURS_OF_OPERATION_ID=... deploy/deploy.sh
#
# Optional: STACK_NAME (servicedesk), ENABLE_BEDROCK_AGENT (true), VECTOR_COLLECTION_ARN (with the agent),
# ARTIFACT_BUCKET (servicedesk-artifacts-ACCOUNT-REGION, created if missing), ALARM_EMAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CONNECT_INSTANCE_ARN:?set CONNECT_INSTANCE_ARN to your Connect instance ARN}"
: "${SERVICE_DESK_QUEUE_ID:?set SERVICE_DESK_QUEUE_ID to the Connect queue calls transfer to}"
: "${HOURS_OF_OPERATION_ID:?set HOURS_OF_OPERATION_ID to the service desk hours in Connect}"
STACK_NAME=${STACK_NAME:-servicedesk}
ENABLE_BEDROCK_AGENT=${ENABLE_BEDROCK_AGENT:-true}
REGION=${AWS_REGION:-$(aws configure get region)}
ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
ARTIFACT_BUCKET=${ARTIFACT_BUCKET:-servicedesk-artifacts-$ACCOUNT-$REGION}
INSTANCE_ID=${CONNECT_INSTANCE_ARN##*/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== artifacts: s3://$ARTIFACT_BUCKET"
aws s3api head-bucket --bucket "$ARTIFACT_BUCKET" 2>/dev/null || aws s3 mb "s3://$ARTIFACT_BUCKET" --region "$REGION"
(cd lex-bots/ServiceDeskBot && zip -qr "$work/bot.zip" .)
# Named after the bot's files (not the zip, whose bytes carry timestamps): a changed bot gets a new BotVersion.
BOT_REVISION=$( (cd lex-bots/ServiceDeskBot && find . -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done) | sha256sum | cut -c1-16)
aws s3 cp "$work/bot.zip" "s3://$ARTIFACT_BUCKET/bots/ServiceDeskBot-$BOT_REVISION.zip"
AGENT_SCHEMA_KEY="agent/ticket-tools-$(sha256sum < deploy/agent/ticket-tools.openapi.yaml | cut -c1-16).openapi.yaml"
AGENT_REVISION=$(cat deploy/agent/instructions.txt deploy/agent/ticket-tools.openapi.yaml | sha256sum | cut -c1-16)
aws s3 cp deploy/agent/ticket-tools.openapi.yaml "s3://$ARTIFACT_BUCKET/$AGENT_SCHEMA_KEY"

echo "== build and deploy $STACK_NAME"
sam build
sam deploy --stack-name "$STACK_NAME" --region "$REGION" --resolve-s3 --no-fail-on-empty-changeset \
  --capabilities CAPABILITY_IAM \
  --parameter-overrides \
    ConnectInstanceArn="$CONNECT_INSTANCE_ARN" ServiceDeskQueueId="$SERVICE_DESK_QUEUE_ID" \
    HoursOfOperationId="$HOURS_OF_OPERATION_ID" ArtifactBucket="$ARTIFACT_BUCKET" BotRevision="$BOT_REVISION" AgentSchemaKey="$AGENT_SCHEMA_KEY" AgentRevision="$AGENT_REVISION" \
    EnableBedrockAgent="$ENABLE_BEDROCK_AGENT" AgentInstruction="$(tr '\n' ' ' < deploy/agent/instructions.txt)" \
    VectorCollectionArn="${VECTOR_COLLECTION_ARN:-}" AlarmEmail="${ALARM_EMAIL:-}"

output() { aws cloudformation describe-stacks --stack-name "$STACK_NAME" --region "$REGION" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }

if [ "$ENABLE_BEDROCK_AGENT" = "true" ]; then
  echo "== knowledge base"
  aws s3 sync deploy/knowledge-base "s3://$(output KnowledgeBaseBucketName)/" --delete
  aws bedrock-agent start-ingestion-job --knowledge-base-id "$(output KnowledgeBaseId)" --data-source-id "$(output KnowledgeBaseDataSourceId)" --region "$REGION" > /dev/null
fi

echo "== contact flows"
# Every ${Name} in contact-flows/*.json gets its value here (servicedesk lint checks none is missing).
declare -A value
value[ContactFlowFunctionArn]=$(output ContactFlowFunctionArn)
value[ServiceDeskBotAliasArn]=$(output ServiceDeskBotAliasArn)
value[ServiceDeskQueueArn]=$(output ServiceDeskQueueArn)
value[ServiceDeskQueueId]=$SERVICE_DESK_QUEUE_ID
value[HoursOfOperationId]=$HOURS_OF_OPERATION_ID

substitute() {
  local content
  content=$(cat "$1")
  for name in "${!value[@]}"; do content=${content//\$\{$name\}/${value[$name]}}; done
  if grep -q '\${[A-Za-z]*}' <<<"$content"; then
    echo "$1 still has placeholders: $(grep -o '\${[A-Za-z]*}' <<<"$content" | sort -u | tr '\n' ' ')" >&2
    exit 1
  fi
  printf '%s' "$content"
}

# Creates the flow or updates its content; prints its ARN.
publish_flow() {
  local name=$1 type=$2 file=$3 arn id content
  content=$(substitute "$file")
  arn=$(aws connect list-contact-flows --instance-id "$INSTANCE_ID" --contact-flow-types "$type" --region "$REGION" \
        --query "ContactFlowSummaryList[?Name=='$name'].Arn | [0]" --output text)
  if [ -z "$arn" ] || [ "$arn" = "None" ]; then
    arn=$(aws connect create-contact-flow --instance-id "$INSTANCE_ID" --name "$name" --type "$type" --content "$content" \
          --region "$REGION" --query ContactFlowArn --output text)
  else
    id=${arn##*/}
    aws connect update-contact-flow-content --instance-id "$INSTANCE_ID" --contact-flow-id "$id" --content "$content" --region "$REGION"
  fi
  echo "$arn"
}

# The queue and whisper flows first: the inbound flow names them.
value[CustomerQueueFlowArn]=$(publish_flow "ServiceDesk-CustomerQueue" CUSTOMER_QUEUE contact-flows/ServiceDesk-CustomerQueue.json)
value[AgentWhisperFlowArn]=$(publish_flow "ServiceDesk-AgentWhisper" AGENT_WHISPER contact-flows/ServiceDesk-AgentWhisper.json)
inbound=$(publish_flow "ServiceDesk-Inbound" CONTACT_FLOW contact-flows/ServiceDesk-Inbound.json)
echo "Inbound flow: $inbound (assign it to your service desk phone number in the Connect console)"

echo "== smoke test"
api=$(output TicketsApiUrl)
# The secret is {"apiKey": "..."} (template.yaml's GenerateSecretString); API Gateway reads the same field.
key=$(aws secretsmanager get-secret-value --secret-id "$(output TicketsApiKeySecretArn)" --region "$REGION" --query SecretString --output text | sed -n 's/.*"apiKey" *: *"\([^"]*\)".*/\1/p')
check() { local expected=$1; shift; local got; got=$(curl -s -o "$work/body" -w '%{http_code}' "$@"); [ "$got" = "$expected" ] || { echo "expected $expected, got $got: $*" >&2; cat "$work/body" >&2; exit 1; }; }
check 201 -X POST "${api}tickets" -H "x-api-key: $key" -H "Idempotency-Key: smoke-$(date +%s)" -d '{"caller_id":"smoke-test","issue_description":"Deployment smoke test"}'
id=$(sed -n 's/.*"id":"\(INC[0-9]*\)".*/\1/p' "$work/body")
check 200 "${api}tickets/$id" -H "x-api-key: $key"
check 201 -X POST "${api}tickets/$id/comments" -H "x-api-key: $key" -d '{"text":"smoke test comment"}'
check 200 "${api}tickets?caller=smoke-test&limit=5" -H "x-api-key: $key"
check 403 "${api}tickets?caller=smoke-test"
aws lexv2-runtime recognize-text --bot-id "$(output ServiceDeskBotId)" --bot-alias-id "$(output ServiceDeskBotAliasId)" --locale-id en_US \
  --session-id "smoke-$(date +%s)" --text "I need a person" --region "$REGION" --query "messages[0].content" --output text
echo "== deployed $STACK_NAME"
