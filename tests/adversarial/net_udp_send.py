"""Send a UDP datagram to a loopback listener."""

import json
import socket
import sys

cfg = json.loads(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"hello", ("127.0.0.1", cfg["udp_port"]))  # the listener is the judge
