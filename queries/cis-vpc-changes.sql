-- id: cis-vpc-changes
-- title: VPC changes
-- severity: low
-- tactic: defense-evasion
-- mitre: T1599
-- description: Successful creation, deletion and attribute changes of VPCs, VPC peering and ClassicLink
--   (CIS 4.14 / 3.14). Peering connects networks that were meant to stay apart.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14
-- false-positives: Network builds and peering set up through change management.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       coalesce(request_parameters->>'$.vpcId', (request_parameters->>'$.vpcPeeringConnectionId')) AS target
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection',
                     'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection',
                     'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink')
  AND error_code IS NULL
ORDER BY event_time, event_key
