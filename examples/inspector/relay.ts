import { WebSocket, WebSocketServer } from 'ws';

/** A running relay: its URL and how to stop it. */
export interface Relay {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A minimal local relay between a WebSocket inspector (the app) and `createWebSocketReceiver`
 * clients (a viewer, a test): every message is forwarded to the other clients and replayed to
 * clients that connect later. `@statelyai/inspect/server`'s `createInspectorServer` does the
 * same and also serves a page embedding stately.ai; this one stays offline and can listen on a
 * free port (`port: 0`), which a test needs.
 */
export function startRelay(port = 0): Promise<Relay> {
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    const history: string[] = [];
    wss.on('connection', (socket) => {
      for (const message of history) socket.send(message);
      socket.on('message', (data) => {
        const message = data.toString();
        history.push(message);
        for (const client of wss.clients) if (client !== socket && client.readyState === WebSocket.OPEN) client.send(message);
      });
    });
    wss.once('error', reject);
    wss.once('listening', () => {
      const address = wss.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `ws://127.0.0.1:${actualPort}`,
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close(() => done());
          }),
      });
    });
  });
}
