import WebSocket from 'ws';

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface Operation {
  next(payload: GraphQLResult<unknown>): void;
  error(errors: { message: string }[]): void;
}

/**
 * The graphql-ws protocol (graphql-transport-ws), as much of it as a chat needs: connection_init, subscribe, next,
 * error, complete, ping and pong. Queries and mutations travel on the same socket as subscriptions.
 */
export class GraphQLWsClient {
  private readonly operations = new Map<string, Operation>();
  private sequence = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => {
      for (const operation of this.operations.values()) operation.error([{ message: 'The connection closed' }]);
      this.operations.clear();
    });
  }

  /** Opens the socket and waits for the server's connection_ack. */
  static connect(url: string): Promise<GraphQLWsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      const fail = (error: Error) => reject(error);
      socket.once('error', fail);
      socket.once('close', (code) => reject(new Error(`the server closed the connection (${code})`)));
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      socket.on('message', function acknowledged(data) {
        if ((JSON.parse(String(data)) as { type: string }).type !== 'connection_ack') return;
        socket.off('message', acknowledged);
        socket.off('error', fail);
        socket.removeAllListeners('close');
        resolve(new GraphQLWsClient(socket));
      });
    });
  }

  /** A query or mutation: its one result, with the protocol's errors as result errors. */
  request<T>(query: string, variables: Record<string, unknown>): Promise<GraphQLResult<T>> {
    return new Promise((resolve) => {
      this.start(query, variables, { next: (result) => resolve(result as GraphQLResult<T>), error: (errors) => resolve({ errors }) });
    });
  }

  subscribe<T>(query: string, variables: Record<string, unknown>, next: (result: GraphQLResult<T>) => void, error: (errors: { message: string }[]) => void): void {
    this.start(query, variables, { next: next as Operation['next'], error });
  }

  onClose(handler: () => void): void {
    this.socket.on('close', handler);
  }

  close(): void {
    this.socket.close(1000);
  }

  private start(query: string, variables: Record<string, unknown>, operation: Operation): void {
    this.sequence += 1;
    const id = String(this.sequence);
    this.operations.set(id, operation);
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  private receive(raw: string): void {
    const message = JSON.parse(raw) as { id?: string; type: string; payload?: unknown };
    const operation = message.id === undefined ? undefined : this.operations.get(message.id);
    switch (message.type) {
      case 'ping':
        this.socket.send(JSON.stringify({ type: 'pong' }));
        break;
      case 'next':
        operation?.next(message.payload as GraphQLResult<unknown>);
        break;
      case 'error':
        this.operations.delete(message.id!);
        operation?.error(message.payload as { message: string }[]);
        break;
      case 'complete':
        this.operations.delete(message.id!);
        break;
    }
  }
}
