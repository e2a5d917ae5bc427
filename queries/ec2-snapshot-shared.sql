-- id: ec2-snapshot-shared
-- title: EBS snapshot shared or made public
-- severity: high
-- tactic: exfiltration
-- mitre: T1537
-- description: ModifySnapshotAttribute calls that add create-volume permission for another account or
--   for everyone (group "all"); successful or permission-denied. Whoever receives the permission can copy
--   the whole disk into their own account.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.ec2-share-ebs-snapshot/
--   https://attack.mitre.org/techniques/T1537/
-- false-positives: Sharing with your own backup or disaster-recovery accounts.
WITH shares AS (
  SELECT *, json_extract(request_parameters, '$.createVolumePermission.add.items[*]') AS added
  FROM events
  WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'ModifySnapshotAttribute'
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
)
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.snapshotId') AS snapshot,
       list_transform(added, lambda item: coalesce(item->>'$.userId', 'group:' || (item->>'$.group'))) AS shared_with
FROM shares
WHERE len(list_filter(added, lambda item: (item->>'$.group') = 'all' OR regexp_matches(coalesce(item->>'$.userId', ''), '^\d{12}$'))) > 0
ORDER BY event_time, event_key
