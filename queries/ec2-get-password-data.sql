-- id: ec2-get-password-data
-- title: Windows instance passwords requested
-- severity: medium
-- tactic: credential-access
-- mitre: T1552
-- description: GetPasswordData calls, successful or permission-denied. They return the encrypted
--   Administrator password of Windows instances; many calls across instances by one principal look like
--   credential harvesting.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-get-password-data/
--   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html
-- false-positives: Administrators retrieving the password of a Windows instance they just launched.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.instanceId') AS instance_id
FROM events
WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'GetPasswordData'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
