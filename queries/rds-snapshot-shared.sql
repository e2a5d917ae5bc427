-- id: rds-snapshot-shared
-- title: RDS snapshot shared or made public
-- severity: high
-- tactic: exfiltration
-- mitre: T1537
-- description: ModifyDBSnapshotAttribute and ModifyDBClusterSnapshotAttribute calls that add accounts (or
--   "all") to a snapshot's restore attribute; successful or permission-denied. The receiving account can
--   restore the whole database.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.rds-share-snapshot/
--   https://attack.mitre.org/techniques/T1537/
-- false-positives: Sharing with your own backup or analytics accounts.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       coalesce(request_parameters->>'$.dBSnapshotIdentifier', (request_parameters->>'$.dBClusterSnapshotIdentifier')) AS snapshot,
       json_extract_string(request_parameters, '$.valuesToAdd[*]') AS shared_with
FROM events
WHERE event_source = 'rds.amazonaws.com'
  AND event_name IN ('ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute')
  AND (request_parameters->>'$.attributeName') = 'restore'
  AND len(json_extract_string(request_parameters, '$.valuesToAdd[*]')) > 0
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
