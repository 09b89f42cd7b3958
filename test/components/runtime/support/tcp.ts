// TCP stand-ins for network failures: a server that accepts and never answers, a port nobody listens
// on, and a proxy that delays every byte the server sends (a slow database).
import * as net from "net";

export interface LocalServer {
    port: number;
    close(): Promise<void>;
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<LocalServer> {
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            resolve({
                port,
                close: () =>
                    new Promise<void>((done) => {
                        for (const s of sockets) s.destroy();
                        server.close(() => done());
                    }),
            });
        });
    });
}

/** Accepts TCP connections and never writes a byte. */
export function silentServer(): Promise<LocalServer> {
    return listen(net.createServer(), new Set());
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
    const server = await silentServer();
    await server.close();
    return server.port;
}

/** Forwards to 127.0.0.1:targetPort, holding every chunk from the server back by `delayMs`. */
export function delayingProxy(targetPort: number, delayMs: number): Promise<LocalServer> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
        const upstream = net.connect(targetPort, "127.0.0.1");
        sockets.add(upstream);
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => setTimeout(() => client.destroy(), delayMs));
        client.on("data", (chunk) => upstream.write(chunk));
        upstream.on("data", (chunk) => setTimeout(() => client.writable && client.write(chunk), delayMs));
    });
    return listen(server, sockets);
}
