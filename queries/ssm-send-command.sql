-- id: ssm-send-command
-- title: Commands run on instances through SSM
-- severity: medium
-- tactic: execution
-- mitre: T1651
-- description: SSM SendCommand calls, successful or permission-denied. Run Command executes scripts as
--   root/SYSTEM on every targeted instance; attackers use it to run code and to read instance role
--   credentials. instance_count shows how wide the command went.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-send-command/
--   https://attack.mitre.org/techniques/T1651/
-- false-positives: Patch Manager, State Manager associations and operators' routine commands.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.documentName') AS document,
       json_array_length(request_parameters, '$.instanceIds') AS instance_count,
       (request_parameters->>'$.instanceIds') AS instances
FROM events
WHERE event_source = 'ssm.amazonaws.com' AND event_name = 'SendCommand'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
