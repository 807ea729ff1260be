'use strict';
// A lean HTTP/1.1 client for the Runtime API: one kept-alive loopback socket, requests written back to
// back (the result of one invocation and the GET for the next leave in one write), responses read in
// order. Sluice's Runtime API always frames bodies with Content-Length, which keeps parsing to a few lines.
const net = require('node:net');

class RuntimeApi {
  constructor(hostAndPort) {
    const [host, port] = hostAndPort.split(':');
    this.host = hostAndPort;
    this.waiting = [];
    this.chunks = [];
    this.buffered = 0;
    this.head = null;
    this.socket = net.connect({ host, port: Number(port), noDelay: true });
    this.socket.on('data', (chunk) => this.onData(chunk));
    const fail = (error) => {
      const waiting = this.waiting.splice(0);
      for (const { reject } of waiting) reject(error || new Error('Runtime API connection closed'));
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail());
  }

  /** Writes every request in one go; returns one promise per request, settled with {status, headers, body}. */
  send(...requests) {
    this.socket.cork();
    const responses = requests.map(({ method, path, headers = {}, body }) => {
      const payload = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
      let head = `${method} /2018-06-01/runtime/${path} HTTP/1.1\r\nHost: ${this.host}\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      head += `Content-Length: ${payload ? payload.length : 0}\r\n\r\n`;
      this.socket.write(head, 'latin1');
      if (payload && payload.length > 0) this.socket.write(payload);
      return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    });
    this.socket.uncork();
    return responses;
  }

  onData(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.head === null) {
        const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) { this.chunks = [data]; return; }
        this.head = parseHead(data.toString('latin1', 0, end));
        const rest = data.subarray(end + 4);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.buffered = rest.length;
      }
      const length = this.head.length;
      if (this.buffered < length) return;
      const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      const { status, headers } = this.head;
      this.head = null;
      const rest = data.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve({ status, headers, body: data.subarray(0, length) });
      if (this.buffered === 0) return;
    }
  }
}

function parseHead(text) {
  const lines = text.split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
  }
  if (headers['transfer-encoding']) throw new Error('Runtime API: chunked responses are not expected');
  return { status, headers, length: Number(headers['content-length'] || 0) };
}

module.exports = { RuntimeApi };
