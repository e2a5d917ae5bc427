-- id: ec2-security-group-open-to-world
-- title: Security group opened to the internet
-- severity: medium
-- tactic: initial-access
-- mitre: T1562.007
-- description: Successful AuthorizeSecurityGroupIngress calls admitting a /0 range (0.0.0.0/0 or ::/0),
--   in the flat (cidrIp) or the ipPermissions form. Opening SSH, RDP or a database port to the world is
--   a common way in, and a way to reach an instance the attacker controls.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.exfiltration.ec2-security-group-open-port-22-ingress/
--   https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13
-- false-positives: Public load balancers and web servers on 80/443.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.groupId') AS group_id,
       regexp_extract_all(request_parameters, '"(?:cidrIp|cidrIpv6)"\s*:\s*"([^"]*)"', 1) AS ranges,
       regexp_extract_all(request_parameters, '"fromPort"\s*:\s*(\d+)', 1) AS from_ports
FROM events
WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'AuthorizeSecurityGroupIngress'
  AND error_code IS NULL
  AND regexp_matches(request_parameters, '"(cidrIp|cidrIpv6)"\s*:\s*"[^"]*/0"')
ORDER BY event_time, event_key
