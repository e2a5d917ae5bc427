-- id: vpc-flow-logs-deleted
-- title: VPC flow logs deleted
-- severity: high
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: DeleteFlowLogs calls, successful or permission-denied. Without flow logs, network traffic
--   (exfiltration, lateral movement) leaves no record.
-- references: https://attack.mitre.org/techniques/T1562/008/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.vpc-remove-flow-logs/
-- false-positives: Removing flow logs of a VPC being torn down.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       coalesce(request_parameters->>'$.DeleteFlowLogsRequest.FlowLogId.content',
                (request_parameters->>'$.flowLogIds')) AS flow_logs
FROM events
WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'DeleteFlowLogs'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
