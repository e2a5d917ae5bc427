-- id: cis-network-gateway-changes
-- title: Network gateway changes
-- severity: low
-- tactic: defense-evasion
-- mitre: T1599
-- description: Successful creation, deletion, attachment or detachment of internet and customer gateways
--   (CIS 4.12 / 3.12). A new gateway can open a path into or out of a private network.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12
-- false-positives: New VPC builds and VPN set-ups.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       coalesce(request_parameters->>'$.internetGatewayId', (request_parameters->>'$.customerGatewayId')) AS gateway,
       (request_parameters->>'$.vpcId') AS vpc
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway',
                     'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway')
  AND error_code IS NULL
ORDER BY event_time, event_key
