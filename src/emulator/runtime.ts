import type { RuntimeConfig } from './config.js';
import { EventHub } from './events/hub.js';
import type { EmulatorState, User } from './state.js';
import { LongConnections } from './ws/longConnections.js';

/**
 * Everything a route handler may touch: the state, the live config, the app's identity and a
 * hook to say "state changed" (persistence saves after it).
 */
export class Runtime {
  /** Where uploaded bytes are kept on disk (`<data>.media/`); in memory when unset. */
  mediaDir: string | undefined;

  /** The app's bot, which authors writes made with the tenant token. */
  readonly bot: User;

  /** Emitted events on their way to a webhook or a long connection: events/hub.ts. */
  readonly events: EventHub;

  /** The app's long connections (ws/): always a channel of `events`, ready while a client is connected. */
  readonly longConnections: LongConnections;

  constructor(
    public state: EmulatorState,
    public config: RuntimeConfig,
    readonly appId: string,
    readonly appSecret: string,
    public publicUrl: string,
    private readonly onChange: () => void = () => {},
  ) {
    this.bot = {
      open_id: `ou_${Buffer.from(appId).toString('hex').padEnd(32, '0').slice(0, 32)}`,
      union_id: '',
      user_id: '',
      name: 'Emulator App',
      en_name: 'Emulator App',
      email: '',
      avatar_url: '',
    };
    this.events = new EventHub({ appId, redeliveryDelaysMs: () => this.config.redeliveryDelaysMs, now: () => this.now() });
    this.longConnections = new LongConnections({
      config: () => this.config.wsClientConfig,
      ackTimeoutMs: () => this.config.wsAckTimeoutMs,
      fragmentBytes: () => this.config.wsFragmentBytes,
      now: () => this.now(),
      wake: () => this.events.wake(),
    });
    this.events.setChannel(this.longConnections);
  }

  now(): number {
    return Date.now();
  }

  changed(): void {
    this.onChange();
  }

  /** Looks a user up by any of its ids; the bot counts as a user for authorship. */
  findUser(id: string, idType: 'open_id' | 'union_id' | 'user_id' = 'open_id'): User | undefined {
    if (idType === 'open_id') return this.state.users[id] ?? (id === this.bot.open_id ? this.bot : undefined);
    return Object.values(this.state.users).find((u) => u[idType] === id);
  }
}
