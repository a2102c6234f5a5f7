/**
 * Chat with a store from the terminal, as a web chat visitor would, over the same GraphQL on WebSocket:
 *
 *   npm run chat -- --store demo [--url http://127.0.0.1:3000]
 *
 * Type a message and press Enter; choices are numbered, so "2" picks the second. Ctrl-D ends the chat. Lines piped
 * in are sent one at a time, each once the answer to the one before has arrived.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { GraphQLWsClient } from './graphql-ws-client';

const FIELDS = '{ id author type text buttons { id title } rows { id title description } url label }';
const MESSAGES = `subscription($store: String!, $visitorId: String!) { webchatMessages(store: $store, visitorId: $visitorId) ${FIELDS} }`;
// Asked first: it says at once whether the store exists and this visitor may chat with it.
const HISTORY = 'query($store: String!, $visitorId: String!) { webchatHistory(store: $store, visitorId: $visitorId, last: 1) { id } }';
const SEND =
  'mutation($store: String!, $visitorId: String!, $clientMessageId: String!, $text: String, $replyId: String, $replyTitle: String) ' +
  '{ webchatSend(store: $store, visitorId: $visitorId, clientMessageId: $clientMessageId, text: $text, replyId: $replyId, replyTitle: $replyTitle) }';

/** The store usually answers with a few messages in a row: the answer is complete once this long passes quietly. */
const QUIET_MS = 700;
/** A message may get no answer at all (staff have the conversation): move on after this long. */
const ANSWER_TIMEOUT_MS = 15_000;

interface Message {
  id: string;
  author: string;
  type: string;
  text: string | null;
  buttons: { id: string; title: string }[];
  rows: { id: string; title: string; description: string | null }[];
  url: string | null;
  label: string | null;
}

type Choice = { id: string; title: string };

const print = (text: string) => process.stdout.write(`${text}\n`);

/** A message as lines of text, its choices numbered. */
function format(message: Message): string {
  const lines = message.text ? [message.text] : [];
  const choices: { title: string; description?: string | null }[] = [...message.buttons, ...message.rows];
  choices.forEach((choice, index) => lines.push(`  ${index + 1}. ${choice.title}${choice.description ? ` (${choice.description})` : ''}`));
  if (message.type === 'payment_link' && message.url) lines.push(`  ${message.label ?? 'Pay'}: ${message.url}`);
  if (message.type === 'image' && message.url) lines.push(`  [picture] ${message.url}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { store: { type: 'string' }, url: { type: 'string', default: 'http://127.0.0.1:3000' } } });
  if (!values.store) {
    process.stderr.write('Usage: npm run chat -- --store <slug> [--url http://127.0.0.1:3000]\n');
    return 2;
  }
  const store = values.store;
  const endpoint = `${values.url!.replace(/^http/, 'ws').replace(/\/+$/, '')}/graphql`;
  const visitorId = randomBytes(24).toString('base64url');

  let client: GraphQLWsClient;
  try {
    client = await GraphQLWsClient.connect(endpoint);
  } catch (error) {
    process.stderr.write(`Cannot reach ${endpoint}: ${(error as Error).message}\n`);
    return 1;
  }

  // Changed by the subscription's callbacks while a line waits for its answer.
  const chat = { choices: [] as Choice[], lastAnswerAt: 0, failed: null as string | null, leaving: false };
  const history = await client.request(HISTORY, { store, visitorId });
  if (history.errors?.length) {
    process.stderr.write(`${history.errors.map((error) => error.message).join('; ')}
`);
    client.close();
    return 1;
  }
  client.subscribe<{ webchatMessages: Message }>(
    MESSAGES,
    { store, visitorId },
    ({ data }) => {
      const message = data?.webchatMessages;
      if (!message || message.author !== 'store') return;
      const offered = [...message.buttons, ...message.rows];
      if (offered.length) chat.choices = offered;
      chat.lastAnswerAt = Date.now();
      print(format(message));
    },
    (errors) => {
      chat.failed = errors.map((error) => error.message).join('; ');
    },
  );
  client.onClose(() => {
    if (!chat.leaving) chat.failed ??= 'The connection closed';
  });

  const say = async (line: string) => {
    const picked = /^\d+$/.test(line) ? chat.choices[Number(line) - 1] : undefined;
    const content = picked ? { replyId: picked.id, replyTitle: picked.title } : { text: line };
    const sentAt = Date.now();
    const result = await client.request<{ webchatSend: boolean }>(SEND, { store, visitorId, clientMessageId: randomUUID(), ...content });
    if (result.errors?.length) {
      print(`! ${result.errors.map((error) => error.message).join('; ')}`);
      return;
    }
    // Wait for the answer, however many messages it takes, so that "2" on the next line means its second choice.
    while (!chat.failed && Date.now() - sentAt < ANSWER_TIMEOUT_MS && (chat.lastAnswerAt < sentAt || Date.now() - chat.lastAnswerAt < QUIET_MS)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const prompt = () => process.stdin.isTTY && process.stdout.write('> ');
  print(`Chatting with "${store}" at ${values.url}. Ctrl-D to leave.`);
  prompt();
  for await (const raw of createInterface({ input: process.stdin, terminal: false })) {
    const line = raw.trim();
    if (line && !chat.failed) await say(line);
    if (chat.failed) break;
    prompt();
  }
  chat.leaving = true;
  client.close();
  if (chat.failed) {
    process.stderr.write(`${chat.failed}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
