-- id: cis-nacl-changes
-- title: Network ACL changes
-- severity: low
-- tactic: defense-evasion
-- mitre: T1562.007
-- description: Successful changes to VPC network ACLs and their entries or associations (CIS 4.11 / 3.11).
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11
-- false-positives: Network changes made through change management or infrastructure-as-code.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.networkAclId') AS network_acl, (request_parameters->>'$.cidrBlock') AS cidr
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry',
                     'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation')
  AND error_code IS NULL
ORDER BY event_time, event_key
