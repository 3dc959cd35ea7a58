#!/usr/bin/env bash
# Build, deploy, substitute the stack's ARNs into the contact flows, create/update them in Connect, smoke test.
# Needs: AWS CLI v2, SAM CLI, .NET 10 SDK, zip, jq, curl. Required env: CONNECT_INSTANCE_ARN, SERVICE_DESK_QUEUE_ID,
# HOURS_OF_OPERATION_ID. Optional: STACK (servicedesk), ENABLE_BEDROCK_AGENT (true), VECTOR_COLLECTION_ARN.
set -euo pipefail
cd "$(dirname "$0")/.."

STACK="${STACK:-servicedesk}"
REGION="$(aws configure get region || echo "${AWS_REGION:?set AWS_REGION}")"
ACCOUNT="$(aws sts get-caller-identity --query Account --output text)"
ARTIFACT_BUCKET="${ARTIFACT_BUCKET:-servicedesk-artifacts-${ACCOUNT}-${REGION}}"
ENABLE_BEDROCK_AGENT="${ENABLE_BEDROCK_AGENT:-true}"
: "${CONNECT_INSTANCE_ARN:?}" "${SERVICE_DESK_QUEUE_ID:?}" "${HOURS_OF_OPERATION_ID:?}"
INSTANCE_ID="${CONNECT_INSTANCE_ARN##*/}"

aws s3api head-bucket --bucket "$ARTIFACT_BUCKET" 2>/dev/null || aws s3 mb "s3://$ARTIFACT_BUCKET"

# The bot export is the one source of truth: zipped as it is, named after its content so a change makes a new version.
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd lex-bots/ServiceDeskBot && zip -qr -X "$work/bot.zip" .)
BOT_KEY="lex/ServiceDeskBot-$(sha256sum "$work/bot.zip" | cut -c1-16).zip"
aws s3 cp "$work/bot.zip" "s3://$ARTIFACT_BUCKET/$BOT_KEY"
if [[ -f deploy/agent/ticket-tools.openapi.yaml ]]; then
  aws s3 cp deploy/agent/ticket-tools.openapi.yaml "s3://$ARTIFACT_BUCKET/agent/ticket-tools.openapi.yaml"
fi
INSTRUCTION="$( [[ -f deploy/agent/instructions.txt ]] && tr '\n' ' ' < deploy/agent/instructions.txt || echo "You are the IT service desk assistant on a phone line. Answer briefly." )"

sam build --config-file deploy/samconfig.toml
sam deploy --config-file deploy/samconfig.toml --stack-name "$STACK" --parameter-overrides \
  "ConnectInstanceArn=$CONNECT_INSTANCE_ARN" "ServiceDeskQueueId=$SERVICE_DESK_QUEUE_ID" \
  "HoursOfOperationId=$HOURS_OF_OPERATION_ID" "ArtifactBucket=$ARTIFACT_BUCKET" "BotArchiveKey=$BOT_KEY" \
  "EnableBedrockAgent=$ENABLE_BEDROCK_AGENT" "VectorCollectionArn=${VECTOR_COLLECTION_ARN:-}" "AgentInstruction=$INSTRUCTION"

output() { aws cloudformation describe-stacks --stack-name "$STACK" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }

if [[ "$ENABLE_BEDROCK_AGENT" == "true" ]]; then
  aws s3 sync deploy/knowledge-base "s3://$(output KnowledgeBaseBucketName)/" --delete
  aws bedrock-agent start-ingestion-job --knowledge-base-id "$(output KnowledgeBaseId)" --data-source-id "$(output KnowledgeBaseDataSourceId)" >/dev/null
fi

flow_id() { aws connect list-contact-flows --instance-id "$INSTANCE_ID" --query "ContactFlowSummaryList[?Name=='$1'].Id | [0]" --output text; }
flow_arn() { aws connect list-contact-flows --instance-id "$INSTANCE_ID" --query "ContactFlowSummaryList[?Name=='$1'].Arn | [0]" --output text; }

# Every ${Name} placeholder in contact-flows/*.json has a value here (TemplateLint checks this list).
declare -A FLOW_VALUES
FLOW_VALUES[ContactFlowFunctionArn]="$(output ContactFlowFunctionArn)"
FLOW_VALUES[ServiceDeskBotAliasArn]="$(output ServiceDeskBotAliasArn)"
FLOW_VALUES[ServiceDeskQueueArn]="$(output ServiceDeskQueueArn)"
FLOW_VALUES[ServiceDeskQueueId]="$SERVICE_DESK_QUEUE_ID"
FLOW_VALUES[HoursOfOperationId]="$HOURS_OF_OPERATION_ID"

deploy_flow() { # name type file
  local content="$work/$1.json" id
  cp "$3" "$content"
  for key in "${!FLOW_VALUES[@]}"; do sed -i "s|\${$key}|${FLOW_VALUES[$key]}|g" "$content"; done
  if grep -q '\${[A-Za-z]*}' "$content"; then echo "unsubstituted placeholder in $3" >&2; exit 1; fi
  id="$(flow_id "$1")"
  if [[ -z "$id" || "$id" == "None" ]]; then
    aws connect create-contact-flow --instance-id "$INSTANCE_ID" --name "$1" --type "$2" --content "file://$content" >/dev/null
  else
    aws connect update-contact-flow-content --instance-id "$INSTANCE_ID" --contact-flow-id "$id" --content "file://$content"
  fi
}
# Queue and whisper flows first: the inbound flow names their ARNs.
deploy_flow ServiceDesk-CustomerQueue CUSTOMER_QUEUE contact-flows/ServiceDesk-CustomerQueue.json
deploy_flow ServiceDesk-AgentWhisper AGENT_WHISPER contact-flows/ServiceDesk-AgentWhisper.json
FLOW_VALUES[CustomerQueueFlowArn]="$(flow_arn ServiceDesk-CustomerQueue)"
FLOW_VALUES[AgentWhisperFlowArn]="$(flow_arn ServiceDesk-AgentWhisper)"
deploy_flow ServiceDesk-Inbound CONTACT_FLOW contact-flows/ServiceDesk-Inbound.json

# Smoke test: the ticket API contract checks, then one Lex turn.
API="$(output TicketsApiUrl)"
KEY="$(aws secretsmanager get-secret-value --secret-id "$(output TicketsApiKeySecretArn)" --query SecretString --output text | jq -r .apiKey)"
code() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }
[[ "$(code "${API}tickets?caller=smoke-test")" == 403 ]] || { echo "no key must be 403" >&2; exit 1; }
[[ "$(code -X POST -H "x-api-key: $KEY" -H 'Content-Type: application/json' -H "Idempotency-Key: smoke-$(date +%s)" \
  -d '{"caller_id":"smoke-test","issue_description":"deploy smoke test"}' "${API}tickets")" == 201 ]] || { echo "create failed" >&2; exit 1; }
TICKET="$(jq -r .ticket_id "$work/body")"
[[ "$(code -H "x-api-key: $KEY" "${API}tickets/$TICKET")" == 200 ]] || { echo "get failed" >&2; exit 1; }
[[ "$(code -X POST -H "x-api-key: $KEY" -H 'Content-Type: application/json' -d '{"author":"smoke","text":"ok"}' "${API}tickets/$TICKET/comments")" == 201 ]] || { echo "comment failed" >&2; exit 1; }
[[ "$(code -H "x-api-key: $KEY" "${API}tickets?caller=smoke-test&limit=5")" == 200 ]] || { echo "list failed" >&2; exit 1; }
aws lexv2-runtime recognize-text --bot-id "$(output ServiceDeskBotId)" --bot-alias-id "$(output ServiceDeskBotAliasId)" \
  --locale-id en_US --session-id "smoke-$(date +%s)" --text "I need a person" --query 'sessionState.intent.name' --output text
echo "Deployed $STACK and passed the smoke test."
