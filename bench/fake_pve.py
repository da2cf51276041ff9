#!/usr/bin/env python3
"""A fake Proxmox VE API over HTTPS, derived from one user.cfg, for benchmarking the live audit.

Standard library only (Python 3.11). It answers the reads pve-audit's `api` source makes
(src/main/java/org/pveaudit/source/api/ApiClusterSource.java), with the envelope {"data": ...}
and the JSON shapes of docs/pve-access-model.md section 4.4:

  GET /version, /cluster/status, /access/permissions, /access/users?full=1, /access/acl,
      /access/roles, /access/groups, /access/domains, /access/domains/<realm>, /access/tfa,
      /pools, /pools?poolid=<id>

The user.cfg is read the way Proxmox reads it (reference 3.1 to 3.3, mirrored from
src/main/java/org/pveaudit/source/usercfg/): record order matters, unknown roles and undefined
tokens are dropped from ACLs, built-in roles and root@pam are always there, parents of nested pools
are created. So a live audit through this fake must see exactly what an offline audit of the same
user.cfg (source `usercfg`) sees; bench/audit-scale.sh checks that.

What user.cfg does not hold is made up, plainly: realms (pam, pve, and one LDAP realm per other
realm named by a user), no second factors (priv/tfa.cfg is not in user.cfg), one node `pve1`, every
pool member VM and storage existing on it. The audit credential (--token) is not a principal of the
user.cfg; /access/permissions answers as for a token holding PVEAuditor on / (propagated): every
read is then complete, and pve-audit notes that the token is not in the user list.

Every body is encoded once at start; serving is a dictionary look-up, a sleep (--latency-ms, the
time a real pveproxy takes) and a write. One process serves N simulated clusters (one server and
port each), on 127.0.0.1 only.

  bench/fake_pve.py --user-cfg bench/large-user.cfg --ports 3 --cert c.pem --key k.pem \\
      --token 'audit@pve!bench=SECRET' --port-file ports.txt
"""

import argparse
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# --- Proxmox VE 9.x privileges and built-in roles (reference 1.1 and 1.3) --------------------------

PRIVILEGES = """Datastore.Allocate Datastore.AllocateSpace Datastore.AllocateTemplate Datastore.Audit
Group.Allocate Mapping.Audit Mapping.Modify Mapping.Use Permissions.Modify Pool.Allocate Pool.Audit
Realm.Allocate Realm.AllocateUser SDN.Allocate SDN.Audit SDN.Use Sys.AccessNetwork Sys.Audit
Sys.Console Sys.Incoming Sys.Modify Sys.PowerMgmt Sys.Syslog User.Modify VM.Allocate VM.Audit
VM.Backup VM.Clone VM.Config.CDROM VM.Config.CPU VM.Config.Cloudinit VM.Config.Disk VM.Config.HWType
VM.Config.Memory VM.Config.Network VM.Config.Options VM.Console VM.GuestAgent.Audit
VM.GuestAgent.FileRead VM.GuestAgent.FileSystemMgmt VM.GuestAgent.FileWrite VM.GuestAgent.Unrestricted
VM.Migrate VM.PowerMgmt VM.Replicate VM.Snapshot VM.Snapshot.Rollback""".split()

_VM_USER = """VM.Audit VM.Backup VM.Config.CDROM VM.Config.Cloudinit VM.Console VM.GuestAgent.Audit
VM.GuestAgent.FileRead VM.GuestAgent.FileSystemMgmt VM.GuestAgent.FileWrite VM.PowerMgmt""".split()
_VM_ADMIN = _VM_USER + """VM.Allocate VM.Clone VM.Config.CPU VM.Config.Disk VM.Config.HWType
VM.Config.Memory VM.Config.Network VM.Config.Options VM.GuestAgent.Unrestricted VM.Migrate
VM.Replicate VM.Snapshot VM.Snapshot.Rollback""".split()
_AUDITOR = "Datastore.Audit Mapping.Audit Pool.Audit SDN.Audit Sys.Audit VM.Audit VM.GuestAgent.Audit".split()

BUILTIN_ROLES = {
    "Administrator": PRIVILEGES,
    "NoAccess": [],
    "PVEAdmin": _VM_ADMIN + """Datastore.Allocate Datastore.AllocateSpace Datastore.AllocateTemplate
        Datastore.Audit Group.Allocate Mapping.Audit Mapping.Use Pool.Allocate Pool.Audit
        Realm.AllocateUser SDN.Allocate SDN.Audit SDN.Use Sys.Audit Sys.Console Sys.Syslog
        User.Modify""".split(),
    "PVEAuditor": _AUDITOR,
    "PVEDatastoreAdmin": "Datastore.Allocate Datastore.AllocateSpace Datastore.AllocateTemplate Datastore.Audit".split(),
    "PVEDatastoreUser": "Datastore.AllocateSpace Datastore.Audit".split(),
    "PVEMappingAdmin": "Mapping.Audit Mapping.Modify Mapping.Use".split(),
    "PVEMappingUser": "Mapping.Audit Mapping.Use".split(),
    "PVEPoolAdmin": "Pool.Allocate Pool.Audit".split(),
    "PVEPoolUser": ["Pool.Audit"],
    "PVESDNAdmin": "SDN.Allocate SDN.Audit SDN.Use".split(),
    "PVESDNUser": "SDN.Audit SDN.Use".split(),
    "PVESysAdmin": "Sys.Audit Sys.Console Sys.Syslog".split(),
    "PVETemplateUser": "VM.Audit VM.Clone".split(),
    "PVEUserAdmin": "Group.Allocate Realm.AllocateUser User.Modify".split(),
    "PVEVMAdmin": _VM_ADMIN,
    "PVEVMUser": _VM_USER,
}
# the sizes of reference table 1.3: a typo above would silently change every audit
assert {k: len(set(v)) for k, v in BUILTIN_ROLES.items()} == {
    "Administrator": 47, "NoAccess": 0, "PVEAdmin": 40, "PVEAuditor": 7, "PVEDatastoreAdmin": 4,
    "PVEDatastoreUser": 2, "PVEMappingAdmin": 3, "PVEMappingUser": 2, "PVEPoolAdmin": 2, "PVEPoolUser": 1,
    "PVESDNAdmin": 3, "PVESDNUser": 2, "PVESysAdmin": 3, "PVETemplateUser": 2, "PVEUserAdmin": 3,
    "PVEVMAdmin": 23, "PVEVMUser": 10}

# --- user.cfg, read as Proxmox reads it ------------------------------------------------------------
# The file is handled as bytes (latin-1: one char per byte) like the Perl parser; identifiers are
# turned back into UTF-8 text at the end, free texts are percent-decoded.

USER_ID = re.compile(r"[^\t\n\x0b\x0c\r :/]+@[A-Za-z][A-Za-z0-9.\-_]+")
TOKEN_ID = re.compile(r"([^\t\n\x0b\x0c\r :/]+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9.\-_]+)")
NAME = re.compile(r"[A-Za-z0-9.\-_]+")
POOL_ID = re.compile(r"[A-Za-z0-9.\-_]+(?:/[A-Za-z0-9.\-_]+){0,2}")
STORAGE_ID = re.compile(r"[a-z][a-z0-9\-_.]*[a-z0-9]", re.IGNORECASE)
DIGITS = re.compile(r"[0-9]+")
ACL_PATH_CHARS = re.compile(r"[A-Za-z0-9.\-_/]+")
# split_list: ',', ';' and Perl's \s on raw bytes, which includes 0x85 and 0xA0 (reference 3.1)
LIST_SEP = re.compile(r"[,;\t\n\x0b\x0c\r \x85\xa0]+")
ASCII_WS = "\t\n\x0b\x0c\r "


def truthy(s):
    """Perl truth of a field: empty and "0" are false."""
    return s not in ("", "0")


def utf8(s):
    return s.encode("latin-1").decode("utf-8", "replace")


def decode_text(s):
    """A percent-encoded free text (the writer encodes < 0x20, '%', ':' and >= 0x7F)."""
    return urllib.parse.unquote_to_bytes(s.encode("latin-1")).decode("utf-8", "replace")


def split_list(s):
    return [x for x in LIST_SEP.split(s) if x]


def valid_user_id(s):
    return 3 <= len(s) <= 64 and USER_ID.fullmatch(s) is not None


def vmid_of(digits):
    """Perl's int() of a VM id: leading zeros go (ids beyond 2^64 do not occur in the benchmark)."""
    return str(int(digits))


def normalize_acl_path(raw):
    p = re.sub("/+", "/", raw)
    if p.endswith("/"):
        p = p[:-1]
    if not p:
        return "/"
    if not p.startswith("/"):
        p = "/" + p
    return p if ACL_PATH_CHARS.fullmatch(p) else None


def tree_node(path):
    """The ACL tree node: segments that are false in Perl ("0") vanish (reference 2.2)."""
    segs = [s for s in path.split("/") if s and s != "0"]
    return "/" + "/".join(segs)


class UserCfg:
    """The in-memory config Proxmox builds from user.cfg (what /access/* answer from)."""

    def __init__(self, data):
        # root@pam exists before the first line (userconfig_force_defaults)
        self.users = {"root@pam": {"enable": 1, "expire": 0}}
        self.tokens = {}          # owner -> {full token id -> token}
        self.groups = {}          # id -> {"members": {user: None}, "comment": str|None}
        self.roles = {k: set(v) for k, v in BUILTIN_ROLES.items()}
        self.acl = {}             # (path, type, ugid, role) -> propagate, later lines win
        self.pools = {}           # id -> {"comment", "vms": [], "storages": {}}
        self.vm_pool = {}
        self.skipped = 0
        for line in data.decode("latin-1").split("\n"):
            line = line.strip(ASCII_WS)
            if line:
                self._record(line)

    def _record(self, line):
        f = [x.strip(ASCII_WS) for x in line.split(":")]
        while f and f[-1] == "":          # Perl split drops trailing empty fields
            f.pop()
        get = lambda i: f[i] if i < len(f) else ""   # noqa: E731
        kind = get(0)
        if kind == "user":
            self._user(f, get)
        elif kind == "token":
            self._token(get)
        elif kind == "group":
            self._group(get)
        elif kind == "role":
            self._role(get)
        elif kind == "acl":
            self._acl(get)
        elif kind == "pool":
            self._pool(get)
        else:
            self.skipped += 1

    @staticmethod
    def _text(raw):
        return decode_text(raw) if truthy(raw) else None

    @staticmethod
    def _expire(raw):
        if not truthy(raw):
            return 0
        return int(raw) if DIGITS.fullmatch(raw) else None

    def _user(self, f, get):
        uid = get(1)
        expire = self._expire(get(3))
        if not valid_user_id(uid) or expire is None:
            self.skipped += 1
            return
        # a later line for the same user replaces it, and with it its tokens defined so far
        self.users[uid] = {
            "enable": 1 if truthy(get(2)) else 0, "expire": expire,
            "firstname": self._text(get(4)), "lastname": self._text(get(5)),
            "email": utf8(get(6)) if len(f) > 6 else None, "comment": self._text(get(7)),
            "keys": get(8) if truthy(get(8)) else None}
        self.tokens.pop(uid, None)

    def _token(self, get):
        tid = get(1)
        m = TOKEN_ID.fullmatch(tid)
        expire = self._expire(get(2))
        if not m or expire is None or m.group(1) not in self.users:
            self.skipped += 1
            return
        tokens = self.tokens.setdefault(m.group(1), {})
        comment = self._text(get(4))
        if comment is None and tid in tokens:
            comment = tokens[tid]["comment"]
        tokens[tid] = {"expire": expire, "privsep": 1 if truthy(get(3)) else 0, "comment": comment}

    def _group(self, get):
        gid = get(1)
        if not NAME.fullmatch(gid) or not truthy(gid):
            self.skipped += 1
            return
        g = self.groups.setdefault(gid, {"members": {}, "comment": None})
        comment = self._text(get(3))
        if comment is not None:
            g["comment"] = comment
        for m in split_list(get(2)):
            if valid_user_id(m):
                g["members"][m] = None      # kept even if no such user (reference 3.2)

    def _role(self, get):
        rid = get(1)
        if not NAME.fullmatch(rid) or not truthy(rid):
            self.skipped += 1
            return
        # a line naming a built-in role adds to it (reference 1.5)
        privs = self.roles.setdefault(rid, set())
        privs.update(p for p in split_list(get(2)) if p in PRIVILEGES)

    def _acl(self, get):
        propagate = 1 if truthy(get(1)) else 0
        raw = get(2)
        norm = normalize_acl_path(raw) if truthy(raw) else None
        if norm is None:
            self.skipped += 1
            return
        path = tree_node(norm)
        principals = split_list(get(3))
        for role in split_list(get(4)):
            if not NAME.fullmatch(role) or not truthy(role) or role not in self.roles:
                continue
            for who in principals:
                p = self._principal(who)
                if p is not None:
                    key = (path, p[0], p[1], role)
                    self.acl.pop(key, None)
                    self.acl[key] = propagate

    def _principal(self, who):
        if who == "@0":
            return None
        if len(who) > 1 and who[0] == "@" and NAME.fullmatch(who[1:]):
            return ("group", who[1:])
        if valid_user_id(who):
            return ("user", utf8(who))
        m = TOKEN_ID.fullmatch(who)
        if m and valid_user_id(m.group(1)) and who in self.tokens.get(m.group(1), {}):
            return ("token", utf8(who))
        return None                       # undefined tokens are dropped (reference 3.2)

    def _pool(self, get):
        pid = get(1)
        if not POOL_ID.fullmatch(pid) or not truthy(pid):
            self.skipped += 1
            return
        pool = self.pools.setdefault(pid, {"comment": None, "vms": [], "storages": {}})
        parent = pid
        while "/" in parent:              # Proxmox creates every parent of a nested pool
            parent = parent.rsplit("/", 1)[0]
            self.pools.setdefault(parent, {"comment": None, "vms": [], "storages": {}})
        comment = self._text(get(2))
        if comment is not None:
            pool["comment"] = comment
        for vm in split_list(get(3)):
            if DIGITS.fullmatch(vm):
                vmid = vmid_of(vm)
                if vmid not in self.vm_pool:   # a VM is in one pool at most: later ones drop it
                    self.vm_pool[vmid] = pid
                    pool["vms"].append(vmid)
        for sid in split_list(get(4)):
            if STORAGE_ID.fullmatch(sid):
                pool["storages"][sid] = None


# --- the API answers (reference 4.4) ---------------------------------------------------------------

NODE = "pve1"
VERSION = {"version": "9.1.4", "release": "9.1", "repoid": "5ac30304265fbd8e", "console": "xtermjs"}
DIGEST = "f5983000844b9c8f70c4a59dbcf022a60c96b92e"
LDAP_OPTIONS = {"server1": "ldap.example.com", "base_dn": "dc=example,dc=com", "user_attr": "uid",
                "mode": "ldaps", "verify": 1, "case-sensitive": 1}


def realms_of(cfg):
    """pam and pve always exist; any other realm a user names is made an LDAP realm."""
    realms = {"pam": {"type": "pam", "comment": "Linux PAM standard authentication"},
              "pve": {"type": "pve", "comment": "Proxmox VE authentication server", "default": 1}}
    for uid in cfg.users:
        realm = uid.rsplit("@", 1)[1]
        realms.setdefault(realm, {"type": "ldap", "comment": "synthetic LDAP realm"})
    return realms


def domains_cfg(cfg):
    """The domains.cfg of the realms served (section config, reference 3.6), for an offline audit."""
    out = []
    for realm, r in realms_of(cfg).items():
        lines = [f"{r['type']}: {realm}", f"\tcomment {r['comment']}"]
        if r.get("default"):
            lines.append("\tdefault 1")
        if r["type"] == "ldap":
            lines += [f"\t{k} {v}" for k, v in LDAP_OPTIONS.items()]
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def answers(cfg):
    """Every answer, by request key (path, plus sorted query), as the `data` value."""
    realms = realms_of(cfg)
    groups_of = {}
    for gid, g in cfg.groups.items():
        for m in g["members"]:
            groups_of.setdefault(m, []).append(gid)

    def user_item(uid, full):
        u = cfg.users[uid]
        item = {"userid": utf8(uid), "enable": u["enable"], "expire": u["expire"]}
        for k in ("firstname", "lastname", "email", "comment", "keys"):
            if u.get(k) is not None:
                item[k] = u[k]
        realm = uid.rsplit("@", 1)[1]
        if realm in realms:
            item["realm-type"] = realms[realm]["type"]
        if full:
            item["groups"] = ",".join(sorted(groups_of.get(uid, [])))
            toks = []
            for tid, t in cfg.tokens.get(uid, {}).items():
                tok = {"tokenid": utf8(tid.rsplit("!", 1)[1]), "expire": t["expire"], "privsep": t["privsep"]}
                if t["comment"] is not None:
                    tok["comment"] = t["comment"]
                toks.append(tok)
            item["tokens"] = toks or None
        return item

    # users sorted by id (byte order, as Perl sorts)
    uids = sorted(cfg.users, key=lambda s: s.encode("latin-1"))
    a = {
        "/version": VERSION,
        "/access/users?full=1": [user_item(u, True) for u in uids],
        "/access/users": [user_item(u, False) for u in uids],
        "/access/tfa": [],      # second factors live in priv/tfa.cfg, not in user.cfg
    }

    # ACL: paths in tree order (depth first, children sorted), one item per (path, principal, role)
    def tree_key(key):
        return [s.encode("latin-1") for s in key[0].split("/") if s]
    a["/access/acl"] = [{"path": utf8(path), "type": t, "ugid": ugid, "roleid": role, "propagate": prop}
                        for (path, t, ugid, role), prop in sorted(cfg.acl.items(), key=lambda kv: tree_key(kv[0]))]
    a["/access/roles"] = [{"roleid": rid, "privs": ",".join(sorted(privs)), "special": int(rid in BUILTIN_ROLES)}
                          for rid, privs in cfg.roles.items()]
    groups = []
    for gid, g in cfg.groups.items():
        item = {"groupid": gid}
        if g["comment"] is not None:
            item["comment"] = g["comment"]
        item["users"] = ",".join(sorted(utf8(m) for m in g["members"]))
        groups.append(item)
    a["/access/groups"] = groups

    domains = []
    for realm, r in realms.items():
        domains.append({"realm": realm, **r})
        detail = {**r, "digest": DIGEST}
        if r["type"] == "pam":
            detail["plugin"] = "PVE::Auth::PAM"
        if r["type"] == "ldap":
            detail.update(LDAP_OPTIONS)
        a[key("/access/domains/" + realm, {})] = detail
    a["/access/domains"] = domains

    pools = []
    for pid in sorted(cfg.pools):
        p = cfg.pools[pid]
        item = {"poolid": pid}
        if p["comment"] is not None:
            item["comment"] = p["comment"]
        pools.append(item)
        # every member VM and storage exists on the one node (Proxmox lists only existing guests)
        members = [{"id": f"qemu/{v}", "vmid": int(v), "type": "qemu", "node": NODE, "status": "running",
                    "name": f"vm{v}", "template": 0} for v in p["vms"]]
        members += [{"id": f"storage/{NODE}/{s}", "storage": s, "type": "storage", "node": NODE,
                     "status": "available", "plugintype": "dir", "shared": 0} for s in p["storages"]]
        a[key("/pools", {"poolid": pid})] = [{**item, "members": members}]
    a["/pools"] = pools

    # /access/permissions of the audit token: PVEAuditor on / (propagated) over the path set of
    # get_effective_permissions (reference 2.9): the defaults, every ACL path, every pool member
    paths = {"/", "/access", "/access/groups", "/nodes", "/pool", "/sdn", "/storage", "/vms"}
    paths.update(utf8(k[0]) for k in cfg.acl)
    for p in cfg.pools.values():
        paths.update(f"/vms/{v}" for v in p["vms"])
        paths.update(f"/storage/{s}" for s in p["storages"])
    a["/access/permissions"] = {path: {priv: 1 for priv in _AUDITOR} for path in sorted(paths)}
    return a


def key(path, query):
    """The look-up key of a request: the path and its query, sorted, without Proxmox's ignored _dc."""
    q = sorted((k, v) for k, v in query.items() if k != "_dc")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in q) if q else "")


def envelope(data):
    return json.dumps({"data": data}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_body(message):
    return json.dumps({"data": None, "message": message + "\n"}).encode("utf-8")


# --- serving ---------------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"          # keep-alive, as pveproxy
    server_version = "pve-api-daemon/3.0"
    sys_version = ""
    timeout = 30                           # an idle keep-alive connection is closed after this

    def do_GET(self):  # noqa: N802 (http.server's naming)
        srv = self.server
        srv.count("requests")
        time.sleep(srv.latency)
        if not srv.authorized(self.headers.get("Authorization")):
            # Proxmox delays every failed authentication (3 s), and sends no body
            time.sleep(srv.auth_fail_delay)
            srv.count("401")
            return self._send(401, b"", "authentication failure")
        url = urllib.parse.urlsplit(self.path)
        if not url.path.startswith("/api2/json/"):
            return self._send(501, error_body(f"Method 'GET {url.path}' not implemented"))
        path = urllib.parse.unquote(url.path[len("/api2/json"):])   # /access/domains/<realm> is encoded
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        if query.get("full") in ("1", "true", "yes", "on"):
            query["full"] = "1"
        elif "full" in query:
            del query["full"]
        body = srv.bodies.get(key(path, query))
        if body is not None:
            return self._send(200, body)
        if path == "/pools" and "poolid" in query:
            return self._send(500, error_body(f"pool '{query['poolid']}' does not exist"))
        if path.startswith("/access/domains/"):
            return self._send(500, error_body(f"domain '{path.rsplit('/', 1)[1]}' does not exist"))
        return self._send(501, error_body(f"Method 'GET {path}' not implemented"))

    def _send(self, status, body, reason=None):
        self.send_response(status, reason)
        if body:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=0")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):  # quiet: the benchmark reads stdout
        pass


class Slots(threading.BoundedSemaphore):
    """--max-connections, shared by every server, with the peak of open connections and the waits for a slot."""

    def __init__(self, n):
        super().__init__(n)
        self.lock = threading.Lock()
        self.open = self.peak = self.waits = 0

    def opened(self):
        with self.lock:
            self.open += 1
            self.peak = max(self.peak, self.open)

    def count_wait(self):
        with self.lock:
            self.waits += 1

    def release(self, n=1):
        with self.lock:
            self.open -= n
        super().release(n)


class FakePveServer(ThreadingHTTPServer):
    """One simulated cluster: its own port, TLS done in the connection's thread, not the accept loop."""
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port, bodies, ssl_ctx, slots, args):
        self.bodies = bodies
        self.ssl_ctx = ssl_ctx
        self.slots = slots
        self.latency = args.latency_ms / 1000.0
        self.auth_fail_delay = args.auth_fail_delay_ms / 1000.0
        self.tokens = dict(t.rsplit("=", 1) for t in args.token)
        self.stats = {"requests": 0, "401": 0}
        self.stats_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), Handler)

    def count(self, what):
        with self.stats_lock:
            self.stats[what] += 1

    def authorized(self, header):
        # "PVEAPIToken=<id>=<secret>" (a blank instead of the first "=" also parses); URL-unescaped,
        # split at the last "="
        if not header:
            return False
        m = re.fullmatch(r"PVEAPIToken[= ](.+)=([^=]+)", urllib.parse.unquote(header.strip()))
        return bool(m) and m.group(1) in self.tokens and self.tokens[m.group(1)] == m.group(2)

    def process_request(self, request, client_address):
        # a bounded number of connections: the accept loop waits for a free slot (counted: a benchmark whose
        # clients wait here measures the fake's limit, not the tool)
        if not self.slots.acquire(blocking=False):
            self.slots.count_wait()
            self.slots.acquire()
        self.slots.opened()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def finish_request(self, request, client_address):
        request.settimeout(Handler.timeout)
        try:
            tls = self.ssl_ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return                     # e.g. a client that does not trust the certificate
        try:
            self.RequestHandlerClass(tls, client_address, self)
        except (ssl.SSLError, OSError):
            pass
        finally:
            tls.close()


def parse_ports(spec):
    """'5' = five servers on free ports; '8006,8007' (or one port >= 1024) = these ports."""
    if "," not in spec and spec.isdigit() and int(spec) < 1024:
        return [0] * int(spec)
    return [int(p) for p in spec.split(",") if p]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--user-cfg", required=True)
    ap.add_argument("--ports", default="1", help="a count (< 1024) of servers on free ports, or a comma list")
    ap.add_argument("--name-prefix", default="bench", help="cluster i (from 1) is named <prefix><i>")
    ap.add_argument("--latency-ms", type=float, default=20, help="sleep before each answer")
    ap.add_argument("--auth-fail-delay-ms", type=float, default=3000, help="sleep before a 401, as Proxmox")
    ap.add_argument("--cert", required=True, help="PEM certificate (chain)")
    ap.add_argument("--key", required=True, help="PEM private key")
    ap.add_argument("--token", action="append", required=True, help="ID=SECRET accepted; others get 401")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop by itself after this")
    ap.add_argument("--max-connections", type=int, default=128, help="open connections, all servers")
    ap.add_argument("--port-file", help="write '<cluster> <url>' lines here once every server listens")
    ap.add_argument("--write-domains-cfg", metavar="FILE",
                    help="write the domains.cfg of the realms served (for an offline audit) and go on")
    args = ap.parse_args()

    started = time.monotonic()
    with open(args.user_cfg, "rb") as fh:
        cfg = UserCfg(fh.read())
    if args.write_domains_cfg:
        with open(args.write_domains_cfg, "w") as fh:
            fh.write(domains_cfg(cfg))
    shared = {k: envelope(v) for k, v in answers(cfg).items()}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    slots = Slots(args.max_connections)

    servers = []
    for i, port in enumerate(parse_ports(args.ports), start=1):
        name = f"{args.name_prefix}{i}"
        status = [{"type": "cluster", "id": "cluster", "name": name, "nodes": 1, "version": 1, "quorate": 1},
                  {"type": "node", "id": f"node/{NODE}", "name": NODE, "nodeid": 1, "ip": "127.0.0.1",
                   "local": 1, "online": 1, "level": ""}]
        bodies = dict(shared)
        bodies["/cluster/status"] = envelope(status)
        srv = FakePveServer(port, bodies, ctx, slots, args)
        servers.append((name, srv))
        threading.Thread(target=srv.serve_forever, name=name, daemon=True).start()

    lines = "".join(f"{name} https://127.0.0.1:{srv.server_address[1]}\n" for name, srv in servers)
    if args.port_file:
        # written whole, then renamed: a reader never sees half of it
        with open(args.port_file + ".tmp", "w") as fh:
            fh.write(lines)
        os.replace(args.port_file + ".tmp", args.port_file)
    sys.stdout.write(lines)
    sys.stdout.flush()
    sizes = sorted(((len(v), k) for k, v in shared.items()), reverse=True)[:3]
    print(f"fake_pve: {len(cfg.users)} users, {sum(map(len, cfg.tokens.values()))} tokens, {len(cfg.groups)} groups,"
          f" {len(cfg.pools)} pools, {len(cfg.roles)} roles, {len(cfg.acl)} ACL entries, {cfg.skipped} lines skipped;"
          f" ready in {time.monotonic() - started:.1f} s; largest answers: "
          + ", ".join(f"{k} {n // 1024} KiB" for n, k in sizes), file=sys.stderr, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait(args.max_seconds)        # --max-seconds: never outlive a benchmark that forgot us
    for _, srv in servers:
        srv.shutdown()
    total = sum(srv.stats["requests"] for _, srv in servers)
    refused = sum(srv.stats["401"] for _, srv in servers)
    print(f"fake_pve: stopped after {time.monotonic() - started:.0f} s, {total} requests, {refused} refused (401),"
          f" at most {slots.peak} connections open of {args.max_connections}, {slots.waits} waited for a slot",
          file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
