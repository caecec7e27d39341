#!/usr/bin/env python3
"""Pays a PayAssist checkout link in a real browser (headless Chromium) and takes screenshots.

Needs Chromium from Debian's packages (apt-get install -y chromium; add fonts-noto-cjk to see the
Chinese holder name instead of empty boxes in the screenshots) and a server with the assistant
and checkout routes, for example the benchmark's demo server:

    swift build -c release
    .build/release/payassist bench assist --listen 8082 &
    python3 Fixtures/assistant/browser/checkout_screenshot.py --base http://127.0.0.1:8082 --out /tmp/checkout

What it does, with only the Python standard library (a minimal DevTools-protocol client):
 1. asks POST /v1/assist, as the chat channel for c045 (the son in Toronto), to pay 100 yuan for his
    parents' account 1002345678, confirms, and takes the checkout link from the deep_link action;
 2. opens the link in headless Chromium and saves <out>-form.png;
 3. chooses USD, waits for the live quote, types the 3-D Secure test card 4000000000003220, taps Pay;
 4. on the bank's challenge page taps "Yes, it's me", saves <out>-paid.png and checks the receipt.
Exit status 0 when the receipt shows the payment.
"""
import argparse, base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

CHAT_KEY = "pa_demo_chat_4b8d2e6f"


def assist(base, session, text):
    body = {"text": text}
    if session:
        body["session_id"] = session
    request = urllib.request.Request(base + "/v1/assist", data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": "Bearer " + CHAT_KEY, "X-Customer-Id": "c045", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


class DevTools:
    """A tiny WebSocket client speaking the Chrome DevTools Protocol (text frames only)."""

    def __init__(self, url):
        host_port, path = url[len("ws://"):].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("WebSocket upgrade refused: " + head.decode(errors="replace"))
        self.next_id = 0
        self.events = []

    def _send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        header = bytearray([0x81])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
        else:
            header += bytes([0x80 | 127]) + len(payload).to_bytes(8, "big")
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read_exact(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            data += chunk
        return data

    def _receive(self):
        message = b""
        while True:
            first, second = self._read_exact(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self._read_exact(2), "big")
            elif length == 127:
                length = int.from_bytes(self._read_exact(8), "big")
            message += self._read_exact(length)
            if first & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, message in enumerate(self.events):
                if message.get("method") == event:
                    del self.events[:index + 1]
                    return message
            self.sock.settimeout(max(0.1, deadline - time.time()))
            try:
                self.events.append(self._receive())
            except socket.timeout:
                break
            finally:
                self.sock.settimeout(None)
        raise RuntimeError("timed out waiting for " + event)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        print("saved", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8082", help="server with /v1/assist and /checkout")
    parser.add_argument("--out", default="checkout", help="screenshot path prefix")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    arguments = parser.parse_args()

    first = assist(arguments.base, None, "I want to pay 100 yuan for my parents' account 1002345678")
    second = assist(arguments.base, first["session_id"], "yes")
    link = next(action for action in second["actions"] if action["type"] == "deep_link")["web_url"]
    print("checkout link:", link[:80] + "…")

    port = 9300 + os.getpid() % 500
    profile = tempfile.mkdtemp(prefix="payassist-chromium-")
    browser = subprocess.Popen([arguments.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "--window-size=430,1400",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        targets = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = [t for t in json.load(response) if t.get("type") == "page"]
                if targets:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        tools = DevTools(targets[0]["webSocketDebuggerUrl"])
        tools.call("Page.enable")
        tools.call("Page.navigate", url=link)
        tools.wait_for("Page.loadEventFired")
        tools.screenshot(arguments.out + "-form.png")
        tools.evaluate("""(async () => {
            const set = (id, value) => { const e = document.getElementById(id); e.value = value; e.dispatchEvent(new Event('change')); };
            set('currency', 'USD');
            for (let i = 0; i < 50 && !document.getElementById('quote_id').value; i++) await new Promise(r => setTimeout(r, 100));
            set('number', '4000 0000 0000 3220'); set('exp_month', '12'); set('exp_year', '2031');
            set('cvc', '123'); set('holder_name', 'David Zhang');
            return document.getElementById('quote').textContent; })()""")
        print("quote shown:", tools.evaluate("document.getElementById('quote').textContent"))
        tools.screenshot(arguments.out + "-filled.png")
        tools.evaluate("document.getElementById('pay').click()")
        tools.wait_for("Page.loadEventFired")
        if tools.evaluate("!!document.getElementById('pass')"):
            tools.screenshot(arguments.out + "-3ds.png")
            tools.evaluate("document.getElementById('pass').click()")
            tools.wait_for("Page.loadEventFired")
        receipt = tools.evaluate("(document.getElementById('paid') || {}).textContent || ''")
        tools.screenshot(arguments.out + "-paid.png")
        print("receipt:", receipt)
        return 0 if receipt else 1
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
