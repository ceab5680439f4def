"""Resolve an outside host name (DNS is an exfiltration channel)."""

import json
import socket
import sys

cfg = json.loads(sys.argv[1])
socket.getaddrinfo("pypi.org", 443)
print("ESCAPED")
