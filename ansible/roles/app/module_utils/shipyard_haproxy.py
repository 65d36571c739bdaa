# Reads HAProxy's runtime API (the admin stats socket): shared by the app role's HAProxy modules.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket

# Counters the role reads; HAProxy reports an empty field for a counter a proxy type lacks.
COUNTERS = ('req_tot', 'hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other',
            'rtime', 'econ', 'eresp', 'scur', 'stot')


def show_stat(path, timeout=5.0):
    """Every row of `show stat` as a dict keyed by the CSV header (pxname, svname, status, ...)."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        conn.connect(path)
        conn.sendall(b'show stat\n')
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        conn.close()
    lines = [line for line in b''.join(chunks).decode('utf-8', 'replace').split('\n') if line]
    if not lines or not lines[0].startswith('# '):
        raise ValueError('unexpected answer to "show stat" on %s: %r' % (path, lines[:1]))
    header = lines[0][2:].split(',')
    return [dict(zip(header, line.split(','))) for line in lines[1:]]


def server_stat(path, backend, server):
    """One server's row: status plus integer counters. Raises LookupError if it is not there."""
    for row in show_stat(path):
        if row.get('pxname') == backend and row.get('svname') == server:
            counters = dict((name, int(row.get(name) or 0)) for name in COUNTERS)
            return dict(status=row.get('status', ''), counters=counters)
    raise LookupError('HAProxy at %s has no server %s in backend %s' % (path, server, backend))
