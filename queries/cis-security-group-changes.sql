-- id: cis-security-group-changes
-- title: Security group changes
-- severity: low
-- tactic: defense-evasion
-- mitre: T1562.007
-- description: Successful creation, deletion or rule changes of EC2 security groups (CIS 4.10 / 3.10).
--   See ec2-security-group-open-to-world for rules that admit the whole internet.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10
-- false-positives: Routine deployments, autoscaling tooling and infrastructure-as-code.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.groupId') AS group_id
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
                     'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup',
                     'ModifySecurityGroupRules')
  AND error_code IS NULL
ORDER BY event_time, event_key
