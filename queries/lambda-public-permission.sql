-- id: lambda-public-permission
-- title: Lambda function opened to everyone
-- severity: high
-- tactic: persistence
-- mitre: T1546
-- description: Lambda AddPermission calls granting principal "*", and function URLs created or changed
--   with authType NONE; successful or permission-denied. Either lets anyone on the internet invoke the
--   function, a backdoor that needs no credentials.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.lambda-backdoor-function/
--   https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
-- false-positives: Public webhooks and APIs deliberately built on function URLs.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.functionName') AS function_name,
       coalesce(request_parameters->>'$.principal', (request_parameters->>'$.authType')) AS granted_to
FROM events
WHERE event_source = 'lambda.amazonaws.com'
  AND ((starts_with(event_name, 'AddPermission') AND (request_parameters->>'$.principal') = '*')
    OR ((starts_with(event_name, 'CreateFunctionUrlConfig') OR starts_with(event_name, 'UpdateFunctionUrlConfig'))
        AND (request_parameters->>'$.authType') = 'NONE'))
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
