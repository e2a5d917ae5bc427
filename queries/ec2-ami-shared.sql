-- id: ec2-ami-shared
-- title: AMI shared or made public
-- severity: high
-- tactic: exfiltration
-- mitre: T1537
-- description: ModifyImageAttribute calls that add launch permission for another account or for everyone
--   (group "all"); successful or permission-denied. An AMI carries its disks, and with them any secrets
--   baked into the image.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.ec2-share-ami/
--   https://attack.mitre.org/techniques/T1537/
-- false-positives: Publishing golden images to your own workload accounts; vendors shipping public AMIs.
WITH shares AS (
  SELECT *, json_extract(request_parameters, '$.launchPermission.add.items[*]') AS added
  FROM events
  WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'ModifyImageAttribute'
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
)
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.imageId') AS image,
       list_transform(added, lambda item: coalesce(item->>'$.userId', 'group:' || (item->>'$.group'))) AS shared_with
FROM shares
WHERE len(list_filter(added, lambda item: (item->>'$.group') = 'all' OR regexp_matches(coalesce(item->>'$.userId', ''), '^\d{12}$'))) > 0
ORDER BY event_time, event_key
