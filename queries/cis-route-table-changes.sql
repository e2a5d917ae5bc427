-- id: cis-route-table-changes
-- title: Route table changes
-- severity: low
-- tactic: defense-evasion
-- mitre: T1599
-- description: Successful changes to VPC route tables, their routes and associations (CIS 4.13 / 3.13).
--   A new default route can send traffic around inspection points.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13
-- false-positives: Network builds and failover automation.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.routeTableId') AS route_table,
       (request_parameters->>'$.destinationCidrBlock') AS destination
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation',
                     'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable')
  AND error_code IS NULL
ORDER BY event_time, event_key
