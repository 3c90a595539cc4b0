/**
 * A small fake Discord for end-to-end tests: an HTTP REST API and a WebSocket gateway on 127.0.0.1
 * that the real discord.js client logs in to (see ../shared/DISCORD.md for the facts it relies on).
 * It records every REST request, dispatches interactions, supports RESUME with replay, and injects
 * faults (status codes with headers, dropped connections).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { shardOfGuild } from '../../src/config.js';

export const FAKE_TOKEN = 'FAKE.discord.token-0123456789abcdefghij';
export const APP_ID = '1187654321098765432';
export const GUILD_ID = '1123456789012345678';
export const CHANNEL_ID = '1134567890123456789';
/** A second server the bot is in, with its own channel: each server sees only its own articles. */
export const GUILD_ID_2 = '1123456789016539999';
export const CHANNEL_ID_2 = '1134567890123456799';
const CHANNEL_OF: Readonly<Record<string, string>> = { [GUILD_ID]: CHANNEL_ID, [GUILD_ID_2]: CHANNEL_ID_2 };
const GUILDS = [[GUILD_ID, 'Newsroom'], [GUILD_ID_2, 'Second Desk']] as const;

// With two shards, GUILD_ID is on shard 0 and GUILD_ID_2 on shard 1.

/** One gateway session: a shard's connection, its sequence and what it was sent (for RESUME). */
interface Session {
  socket: WebSocket | undefined;
  seq: number;
  readonly sent: { s: number; payload: string }[];
  id: string;
}
/** The permissions of an ordinary member of the fake servers (what @everyone has): no Manage Server. */
export const MEMBER_PERMISSIONS = '2248473465835073';
/** A member who may manage the server: the ordinary permissions and Manage Server (0x20). */
export const MANAGER_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | 0x20n).toString();

/** Discord's permission bits the fake enforces per channel (discord-api-types PermissionFlagsBits). */
export const PERMISSION = Object.freeze({
  SendMessages: 1n << 11n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
});

/** Channel types the fake knows (discord-api-types ChannelType). */
export const CHANNEL_TYPE = Object.freeze({ text: 0, announcement: 5, announcementThread: 10, publicThread: 11, privateThread: 12, forum: 15 });
const THREAD_TYPES = new Set<number>([CHANNEL_TYPE.announcementThread, CHANNEL_TYPE.publicThread, CHANNEL_TYPE.privateThread]);

/** Auto-archive durations Discord accepts for a thread, in minutes. */
export const ARCHIVE_MINUTES = Object.freeze([60, 1440, 4320, 10080]);
/** Characters of a thread's name, at most. */
export const THREAD_NAME_MAX = 100;
/** A forum's flag that makes a tag required on each post (ChannelFlags.RequireTag). */
export const REQUIRE_TAG = 1 << 4;

/** A forum's tag, as Discord gives it in `available_tags`. */
export interface FakeTag {
  readonly id: string;
  readonly name: string;
  readonly moderated: boolean;
  readonly emoji_id: string | null;
  readonly emoji_name: string | null;
}

/** A channel of the fake servers, as Discord returns it (threads carry parent_id and thread_metadata). */
export interface FakeChannel extends Record<string, unknown> {
  readonly id: string;
  readonly type: number;
  readonly guild_id: string;
  name: string;
  readonly parent_id?: string | null;
  readonly available_tags?: FakeTag[];
  readonly applied_tags?: string[];
  readonly flags?: number;
}

/** A file attached to a command option: where the bot downloads it (a test serves it on 127.0.0.1). */
export interface FakeAttachment {
  readonly filename: string;
  readonly url: string;
  readonly size: number;
  readonly contentType?: string;
}

/** Who sends an interaction: a user id, or the user, server and permissions (decimal bit set). */
export type Who = string | { readonly userId?: string; readonly guildId?: string; readonly permissions?: string; readonly channelId?: string };
export const BOT_USER_ID = APP_ID;
export const USER_ID = '1145678901234567890';

/** One REST request as the fake received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path after /api/v10, percent-decoded ("/webhooks/…/messages/@original"). */
  readonly path: string;
  readonly body: unknown;
  readonly headers: IncomingMessage['headers'];
  readonly at: number;
}

/** A canned response for requests matching `method` and `path`, used `times` times. */
export interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  times: number;
}

interface Waiter {
  readonly match: (r: RecordedRequest) => boolean;
  readonly resolve: (r: RecordedRequest) => void;
}

let counter = 0n;
/** A fresh 19-digit snowflake-shaped id (discord.js's rate-limit buckets match on that shape). */
export function snowflake(): string {
  counter += 1n;
  return (1200000000000000000n + BigInt(Date.now() % 1_000_000) * 1_000_000n + counter).toString();
}

/** A message the bot authored, as Discord returns it, with `fields` laid over it. */
function botMessage(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: snowflake(),
    channel_id: CHANNEL_ID,
    author: { id: BOT_USER_ID, username: 'Pilcrow', discriminator: '0', avatar: null, bot: true },
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    type: 0,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    ...fields,
  };
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Payloads the client sent over the gateway (IDENTIFY, HEARTBEAT, RESUME). */
  readonly gatewayOps: { op: number; d: unknown }[] = [];
  readonly faults: Fault[] = [];
  /** Commands as last registered with PUT, global and per guild. */
  readonly commands = new Map<string, unknown[]>();
  /** How many times a client identified and resumed. */
  identifies = 0;
  resumes = 0;
  private http!: Server;
  private wss!: WebSocketServer;
  /** Sessions by shard. */
  private readonly sessions = new Map<number, Session>();
  private waiters: Waiter[] = [];
  private port = 0;

  /**
   * `shards`: how many shards /gateway/bot recommends; each server's events go to the shard that
   * serves it, and a shard identifying as [i, n] hears of its servers only.
   */
  constructor(readonly shards = 1) {}

  /** Starts both servers on an ephemeral port of 127.0.0.1. */
  async start(): Promise<this> {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.http.on('upgrade', (req, socket, head) => this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws)));
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return this;
  }

  /** The REST base URL to give discord.js (`rest.api`); it adds /v10 itself. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Resolves with the first request (already received or coming) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake-discord: no matching request within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Resolves when a client has identified (or resumed) and is receiving dispatches, on every shard. */
  async waitForSession(minIdentifies = 1, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    const connected = () => Array.from({ length: this.shards }, (_, i) => this.sessions.get(i)?.socket).every(Boolean);
    while (this.identifies < minIdentifies || !connected()) {
      if (Date.now() - start > timeoutMs) throw new Error('fake-discord: the client never identified');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Closes the gateway connection with a close code (4000: unknown error, which makes the client RESUME). */
  drop(code = 4000, shard = 0): void {
    const session = this.sessions.get(shard);
    session?.socket?.close(code, 'fake-discord drop');
    if (session) session.socket = undefined;
  }

  /** Answers the next `times` requests matching method and path with `status` (and headers, body). */
  inject(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Dispatches INTERACTION_CREATE; returns the interaction's id and token. */
  interact(partial: { type: number; data: Record<string, unknown>; message?: unknown; who?: Who; username?: string }): { id: string; token: string } {
    const id = snowflake();
    const token = `itoken-${id}`;
    const who = typeof partial.who === 'string' ? { userId: partial.who } : partial.who ?? {};
    const guildId = who.guildId ?? GUILD_ID;
    const channelId = who.channelId ?? CHANNEL_OF[guildId] ?? CHANNEL_ID;
    const channel = this.channels.get(channelId) ?? { id: channelId, type: 0, guild_id: guildId, name: 'news' };
    const permissions = who.permissions ?? MEMBER_PERMISSIONS;
    const user = { id: who.userId ?? USER_ID, username: partial.username ?? 'reader', discriminator: '0', global_name: 'Reader', avatar: null };
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: partial.type,
      token,
      version: 1,
      data: partial.data,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel,
      member: { user, roles: [], permissions, joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
      app_permissions: MEMBER_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: guildId },
      context: 0,
      ...(partial.message ? { message: partial.message } : {}),
    });
    return { id, token };
  }

  /** Sends a slash command interaction with string options. */
  /**
   * Sends a slash command with string and boolean options ("feed add" for a subcommand), attachments (option name
   * → file) and channels (option name → channel id, resolved as the fake's text channels).
   */
  command(name: string, options: Record<string, string | boolean> = {}, who?: Who, attachments: Record<string, FakeAttachment> = {}, channels: Record<string, string> = {}): { id: string; token: string } {
    const resolvedFiles: Record<string, unknown> = {};
    const files = Object.entries(attachments).map(([n, a]) => {
      const id = snowflake();
      resolvedFiles[id] = { id, filename: a.filename, size: a.size, url: a.url, proxy_url: a.url, ...(a.contentType ? { content_type: a.contentType } : {}) };
      return { name: n, type: 11, value: id };
    });
    const resolvedChannels: Record<string, unknown> = {};
    const channelOptions = Object.entries(channels).map(([n, id]) => {
      const known = this.channels.get(id);
      resolvedChannels[id] = { id, type: known?.type ?? 0, name: known?.name ?? 'news', permissions: MEMBER_PERMISSIONS, ...(known?.parent_id ? { parent_id: known.parent_id } : {}), ...(known?.thread_metadata ? { thread_metadata: known.thread_metadata } : {}) };
      return { name: n, type: 7, value: id };
    });
    const [command, sub] = name.split(' ');
    const given = [...Object.entries(options).map(([n, value]) => ({ name: n, type: typeof value === 'boolean' ? 5 : 3, value })), ...files, ...channelOptions];
    return this.interact({
      type: 2,
      who,
      data: {
        id: snowflake(),
        name: command,
        type: 1,
        options: sub ? [{ name: sub, type: 1, options: given }] : given,
        ...(files.length + channelOptions.length > 0 ? { resolved: { ...(files.length > 0 ? { attachments: resolvedFiles } : {}), ...(channelOptions.length > 0 ? { channels: resolvedChannels } : {}) } } : {}),
      },
    });
  }

  /** Sends an autocomplete interaction with `focused` being typed. */
  autocomplete(name: string, options: Record<string, string>, focused: string, who?: Who): { id: string; token: string } {
    const [command, sub] = name.split(' ');
    const given = Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value, ...(n === focused ? { focused: true } : {}) }));
    return this.interact({
      type: 4,
      who,
      data: { id: snowflake(), name: command, type: 1, options: sub ? [{ name: sub, type: 1, options: given }] : given },
    });
  }

  /** Routes that answer late (after doing their work): a crash test kills the bot while it waits. */
  readonly slowPaths: { method: string; path: RegExp; ms: number }[] = [];

  /** Channels where posting fails with 403 Missing Access (the bot lost its permission). */
  readonly missingAccess = new Set<string>();
  /** Channels deleted (404 Unknown Channel), see {@link deleteChannel}. */
  readonly deletedChannels = new Set<string>();
  /** The messages that exist in each channel, as members see them (a repeated enforced nonce adds none). */
  readonly posted = new Map<string, { nonce: string | undefined; message: Record<string, unknown> }[]>();

  /** Deletes a channel: the client hears CHANNEL_DELETE, and the API answers 404 for it from then on. */
  deleteChannel(channelId: string): void {
    this.deletedChannels.add(channelId);
    const known = this.channels.get(channelId);
    const guildId = known?.guild_id ?? Object.entries(CHANNEL_OF).find(([, c]) => c === channelId)?.[0] ?? GUILD_ID;
    if (known && THREAD_TYPES.has(known.type)) return this.dispatch('THREAD_DELETE', { id: channelId, type: known.type, guild_id: guildId, parent_id: known.parent_id });
    this.dispatch('CHANNEL_DELETE', { id: channelId, type: known?.type ?? 0, guild_id: guildId, name: known?.name ?? 'news', position: 0, permission_overwrites: [] });
  }

  /** Every channel of the fake servers by id: each server's text channel, then those added and threads made. */
  readonly channels = new Map<string, FakeChannel>(Object.entries(CHANNEL_OF).map(([guildId, id]) => [id, { id, type: 0, guild_id: guildId, name: 'news', position: 0, permission_overwrites: [] }]));
  /** Permissions the bot lacks, by channel (a thread lacks its parent's too), as bit sets. */
  readonly denied = new Map<string, bigint>();

  /**
   * Adds a channel to a server (a text channel, a forum with `tags` members may apply and
   * `moderatedTags` only moderators may, a thread under `parentId`); the client hears CHANNEL_CREATE
   * (THREAD_CREATE for a thread). Returns it.
   */
  addChannel(options: { type: number; name: string; guildId?: string; tags?: readonly string[]; moderatedTags?: readonly string[]; parentId?: string; flags?: number }): FakeChannel {
    const id = snowflake();
    const guildId = options.guildId ?? GUILD_ID;
    const channel: FakeChannel = THREAD_TYPES.has(options.type)
      ? this.threadOf(id, options.type, guildId, options.parentId!, options.name, 1440, [])
      : {
        id, type: options.type, guild_id: guildId, name: options.name, position: 0, permission_overwrites: [], flags: options.flags ?? 0,
        ...(options.type === CHANNEL_TYPE.forum ? { available_tags: [...(options.tags ?? []).map((name) => [name, false] as const), ...(options.moderatedTags ?? []).map((name) => [name, true] as const)].map(([name, moderated]) => ({ id: snowflake(), name, moderated, emoji_id: null, emoji_name: null })), default_auto_archive_duration: 1440 } : {}),
      };
    this.channels.set(id, channel);
    this.dispatch(THREAD_TYPES.has(options.type) ? 'THREAD_CREATE' : 'CHANNEL_CREATE', channel);
    return channel;
  }

  /**
   * Sets a channel's flags ({@link REQUIRE_TAG} on a forum). With `tell` (the default) the client hears
   * CHANNEL_UPDATE; without, its cache keeps the old flags, as after an update it missed.
   */
  setFlags(channelId: string, flags: number, { tell = true }: { tell?: boolean } = {}): void {
    const known = this.channels.get(channelId);
    if (!known) throw new Error(`fake-discord: no channel ${channelId}`);
    const changed = { ...known, flags };
    this.channels.set(channelId, changed);
    if (tell) this.dispatch('CHANNEL_UPDATE', changed);
  }

  /** Takes permissions (bits of {@link PERMISSION}) from the bot in a channel; Discord then answers 50013 Missing Permissions. */
  deny(channelId: string, bits: bigint): void {
    this.denied.set(channelId, (this.denied.get(channelId) ?? 0n) | bits);
  }

  /** Whether the bot has the permission `bit` in a channel (a thread: and in its parent). */
  private allowed(channelId: string, bit: bigint): boolean {
    const parent = this.channels.get(channelId)?.parent_id;
    return ((this.denied.get(channelId) ?? 0n) & bit) === 0n && (!parent || ((this.denied.get(parent) ?? 0n) & bit) === 0n);
  }

  /** The threads the bot opened (from a message, or forum posts), in order. */
  readonly threads: FakeChannel[] = [];

  /** A thread channel as Discord returns it. */
  private threadOf(id: string, type: number, guildId: string, parentId: string, name: string, archiveMinutes: number, tags: string[]): FakeChannel {
    const now = new Date().toISOString();
    return {
      id, type, guild_id: guildId, parent_id: parentId, name, owner_id: BOT_USER_ID, last_message_id: null, message_count: 0, member_count: 1,
      rate_limit_per_user: 0, flags: 0, applied_tags: tags, total_message_sent: 0,
      thread_metadata: { archived: false, auto_archive_duration: archiveMinutes, archive_timestamp: now, locked: false, create_timestamp: now },
    };
  }

  /** A message the bot posted in a channel (not an interaction reply). */
  channelMessage(channelId: string, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, timeoutMs);
  }

  /** Submits a modal the bot showed, with the values typed into its text inputs. */
  modalSubmit(customId: string, values: Record<string, string>, who?: Who): { id: string; token: string } {
    return this.interact({
      type: 5,
      who,
      data: { custom_id: customId, components: Object.entries(values).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] })) },
    });
  }

  /** Sends a button click on a message the bot sent. */
  /** Clicks a button on a bot message; `components` are that message's action rows (as the bot sent them), when the bot reads them. */
  button(customId: string, who?: Who, components: unknown[] = []): { id: string; token: string } {
    const message = botMessage({ type: 0, components });
    return this.interact({ type: 3, who, data: { custom_id: customId, component_type: 2 }, message });
  }

  /** The interaction callback the bot sent for an interaction (type 4 reply, 5 defer, 8 autocomplete…). */
  callback(id: string, timeoutMs = 15_000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`), timeoutMs);
  }

  /** The edit of the original response (after a deferral). */
  edit(token: string, timeoutMs = 15_000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`, timeoutMs);
  }

  /**
   * The message that answers a deferral: the edit of the original response, or, when the bot
   * deleted the deferred message to answer as another visibility (a private "not sure" after a public
   * deferral), its follow-up.
   */
  afterDeferral(token: string, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => (r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`) || (r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${token}`), timeoutMs);
  }

  /** A follow-up message. */
  followUp(token: string, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${token}`, timeoutMs);
  }

  /** Sends an event to a shard: the one serving its server (`d.guild_id`, else `d.id` for a server event), else shard 0. */
  private dispatch(t: string, d: unknown, shard?: number): void {
    const fields = d as { guild_id?: string; id?: string };
    const guildId = fields.guild_id ?? (t.startsWith('GUILD_') ? fields.id : undefined);
    const to = shard ?? (guildId ? shardOfGuild(guildId, this.shards) : 0);
    const session = this.session(to);
    const s = ++session.seq;
    const payload = JSON.stringify({ op: 0, t, s, d });
    session.sent.push({ s, payload });
    if (session.sent.length > 1000) session.sent.shift();
    session.socket?.send(payload);
  }

  private session(shard: number): Session {
    let session = this.sessions.get(shard);
    if (!session) {
      session = { socket: undefined, seq: 0, sent: [], id: `session-${snowflake()}` };
      this.sessions.set(shard, session);
    }
    return session;
  }

  private connect(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const { op, d } = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> };
      this.gatewayOps.push({ op, d });
      if (op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (op === 2) this.identify(ws, d);
      else if (op === 6) this.resume(ws, d);
    });
    ws.on('close', () => {
      for (const session of this.sessions.values()) if (session.socket === ws) session.socket = undefined;
    });
  }

  private identify(ws: WebSocket, d: Record<string, unknown>): void {
    if (d.token !== FAKE_TOKEN && d.token !== `Bot ${FAKE_TOKEN}`) return ws.close(4004, 'Authentication failed');
    const [shard, count] = Array.isArray(d.shard) ? (d.shard as [number, number]) : [0, 1];
    if (count !== this.shards || shard < 0 || shard >= count) return ws.close(4010, 'Invalid shard');
    this.identifies++;
    const session = this.session(shard);
    session.id = `session-${snowflake()}`;
    session.seq = 0;
    session.sent.length = 0;
    session.socket = ws;
    const guilds = GUILDS.filter(([id]) => shardOfGuild(id, count) === shard);
    this.dispatch('READY', {
      v: 10,
      user: { id: BOT_USER_ID, username: 'Pilcrow', discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
      guilds: guilds.map(([id]) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
      application: { id: APP_ID, flags: 0 },
      shard: [shard, count],
      private_channels: [],
    }, shard);
    for (const [guildId, name] of guilds) this.dispatch('GUILD_CREATE', {
      id: guildId,
      name,
      icon: null,
      owner_id: USER_ID,
      unavailable: false,
      member_count: 2,
      large: false,
      joined_at: '2024-01-01T00:00:00.000Z',
      roles: [{ id: guildId, name: '@everyone', permissions: MEMBER_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      channels: [...this.channels.values()].filter((c) => c.guild_id === guildId && !THREAD_TYPES.has(c.type) && !this.deletedChannels.has(c.id)).map((c) => ({ ...c })),
      emojis: [],
      stickers: [],
      features: [],
      members: [],
      presences: [],
      voice_states: [],
      threads: [...this.channels.values()].filter((c) => c.guild_id === guildId && THREAD_TYPES.has(c.type) && !this.deletedChannels.has(c.id)),
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
    });
  }

  private resume(ws: WebSocket, d: Record<string, unknown>): void {
    const shard = [...this.sessions].find(([, session]) => session.id === d.session_id)?.[0];
    if (shard === undefined) return ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
    this.resumes++;
    const session = this.session(shard);
    session.socket = ws;
    const from = Number(d.seq ?? 0);
    for (const { s, payload } of session.sent) if (s > from) ws.send(payload);
    this.dispatch('RESUMED', {}, shard);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    if ((req.headers['content-type'] ?? '').includes('application/json') && text) body = JSON.parse(text);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const record: RecordedRequest = { method: req.method ?? 'GET', path, body, headers: req.headers, at: performance.now() };
    this.requests.push(record);

    const slow = this.slowPaths.find((x) => x.method === record.method && x.path.test(path));
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      // A slow route has already done its work (a message exists) when its answer leaves, late.
      if (slow) return void setTimeout(() => respond(status, json, headers), slow.ms);
      respond(status, json, headers);
    };
    const respond = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
      // Waiters are told after the response is on its way, as a real server would have answered.
      this.waiters = this.waiters.filter((w) => (w.match(record) ? (w.resolve(record), false) : true));
    };

    if (req.headers.authorization !== `Bot ${FAKE_TOKEN}` && !path.startsWith('/interactions/') && !path.startsWith('/webhooks/')) {
      return send(401, { message: '401: Unauthorized', code: 0 });
    }
    const fault = this.faults.find((f) => f.times > 0 && f.method === record.method && f.path.test(path));
    if (fault) {
      fault.times--;
      return send(fault.status, fault.body ?? { message: `fake ${fault.status}`, code: 0 }, fault.headers);
    }
    const message = () => botMessage({ type: 20, ...(typeof body === 'object' && body ? (body as object) : {}) });

    let m: RegExpExecArray | null;
    if (record.method === 'GET' && path === '/gateway/bot') {
      return send(200, { url: this.gatewayUrl, shards: this.shards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (record.method === 'PUT' && (m = /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/.exec(path))) {
      const registered = (body as Record<string, unknown>[]).map((c) => ({ id: snowflake(), application_id: m![1], version: snowflake(), ...c, ...(m![2] ? { guild_id: m![2] } : {}) }));
      this.commands.set(m[2] ?? 'global', registered);
      return send(200, registered);
    }
    if (record.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(204);
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) {
      if (record.method === 'DELETE') return send(204);
      return send(200, message());
    }
    if (record.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return send(200, message());
    const unknownChannel = () => send(404, { message: 'Unknown Channel', code: 10003 });
    const missing = () => send(403, { message: 'Missing Permissions', code: 50013 });
    /** Discord's 400 for a field that breaks a rule, as `Invalid Form Body` with the field's error. */
    const invalid = (field: string, code: string, text: string) => send(400, { message: 'Invalid Form Body', code: 50035, errors: { [field]: { _errors: [{ code, message: text }] } } });
    /** Name and archive duration of a thread to open, checked as Discord checks them; true when an error was sent. */
    const badThread = (fields: { name?: unknown; auto_archive_duration?: unknown }): boolean => {
      const name = typeof fields.name === 'string' ? fields.name : '';
      if (name.length < 1 || name.length > THREAD_NAME_MAX) return invalid('name', 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${THREAD_NAME_MAX} in length.`), true;
      if (fields.auto_archive_duration !== undefined && !ARCHIVE_MINUTES.includes(Number(fields.auto_archive_duration))) return invalid('auto_archive_duration', 'BASE_TYPE_CHOICES', `Value must be one of {${ARCHIVE_MINUTES.join(', ')}}.`), true;
      return false;
    };
    if (record.method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(path))) {
      const known = this.channels.get(m[1]!);
      if (this.deletedChannels.has(m[1]!) || !known) return unknownChannel();
      return send(200, known);
    }
    if (record.method === 'POST' && (m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path))) {
      // Start Thread from Message: a public thread whose id is the message's.
      const [channelId, messageId] = [m[1]!, m[2]!];
      const parent = this.channels.get(channelId);
      if (this.deletedChannels.has(channelId) || !parent) return unknownChannel();
      if (!(this.posted.get(channelId) ?? []).some((p) => p.message.id === messageId)) return send(404, { message: 'Unknown Message', code: 10008 });
      const fields = (typeof body === 'object' && body ? body : {}) as { name?: unknown; auto_archive_duration?: unknown };
      if (badThread(fields)) return;
      if (!this.allowed(channelId, PERMISSION.CreatePublicThreads)) return missing();
      if (this.channels.has(messageId)) return send(400, { message: 'A thread has already been created for this message', code: 160004 });
      const thread = this.threadOf(messageId, parent.type === CHANNEL_TYPE.announcement ? CHANNEL_TYPE.announcementThread : CHANNEL_TYPE.publicThread, parent.guild_id, channelId, String(fields.name), Number(fields.auto_archive_duration ?? 1440), []);
      this.channels.set(thread.id, thread);
      this.threads.push(thread);
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return send(201, thread);
    }
    if (record.method === 'POST' && (m = /^\/channels\/(\d+)\/threads$/.exec(path))) {
      // Start Thread without Message: in a forum, a post (a thread and its first message) with tags.
      const channelId = m[1]!;
      const parent = this.channels.get(channelId);
      if (this.deletedChannels.has(channelId) || !parent) return unknownChannel();
      const fields = (typeof body === 'object' && body ? body : {}) as { name?: unknown; auto_archive_duration?: unknown; applied_tags?: unknown; message?: Record<string, unknown>; type?: unknown };
      if (badThread(fields)) return;
      const forum = parent.type === CHANNEL_TYPE.forum;
      const tags = Array.isArray(fields.applied_tags) ? (fields.applied_tags as string[]) : [];
      if (forum) {
        if (!fields.message) return invalid('message', 'BASE_TYPE_REQUIRED', 'This field is required');
        const available = new Set((parent.available_tags ?? []).map((t) => t.id));
        if (tags.some((t) => !available.has(t)) || tags.length > 5) return invalid('applied_tags', 'BASE_TYPE_CHOICES', 'Value must be one of the channel\'s tags.');
        if (((parent.flags ?? 0) & REQUIRE_TAG) !== 0 && tags.length === 0) return send(400, { message: 'A tag is required to create a forum post in this channel', code: 40067 });
        if (!this.allowed(channelId, PERMISSION.SendMessages)) return missing();
      } else if (!this.allowed(channelId, PERMISSION.CreatePublicThreads)) return missing();
      const id = snowflake();
      const thread = this.threadOf(id, forum ? CHANNEL_TYPE.publicThread : Number(fields.type ?? CHANNEL_TYPE.publicThread), parent.guild_id, channelId, String(fields.name), Number(fields.auto_archive_duration ?? 1440), forum ? tags : []);
      this.channels.set(id, thread);
      this.threads.push(thread);
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      if (!forum) return send(201, thread);
      // A forum post's first message has the thread's id.
      const first = botMessage({ type: 0, id, channel_id: id, ...fields.message });
      this.posted.set(id, [{ nonce: undefined, message: first }]);
      return send(201, { ...thread, message_count: 1, message: first });
    }
    if (record.method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const channelId = m[1]!;
      if (this.deletedChannels.has(channelId)) return unknownChannel();
      if (this.missingAccess.has(channelId)) return send(403, { message: 'Missing Access', code: 50001 });
      const known = this.channels.get(channelId);
      if (known?.type === CHANNEL_TYPE.forum) return send(400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
      if (known && !this.allowed(channelId, THREAD_TYPES.has(known.type) ? PERMISSION.SendMessagesInThreads : PERMISSION.SendMessages)) return missing();
      const fields = typeof body === 'object' && body ? (body as { nonce?: string; enforce_nonce?: boolean }) : {};
      const posted = this.posted.get(channelId) ?? [];
      // enforce_nonce: a second message with a recent nonce is not created; the first is returned.
      const earlier = fields.enforce_nonce && fields.nonce ? posted.find((p) => p.nonce === fields.nonce) : undefined;
      if (earlier) return send(200, earlier.message);
      const created = botMessage({ type: 0, channel_id: channelId, ...fields });
      posted.push({ nonce: fields.nonce, message: created });
      this.posted.set(channelId, posted);
      return send(200, created);
    }
    return send(404, { message: '404: Not Found', code: 0 });
  }
}
