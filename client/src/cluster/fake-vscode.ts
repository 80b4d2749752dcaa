// A minimal stand-in for the `vscode` module, enough for view.ts, so the adapter is tested with
// node:test. Installed by hooking module resolution before view.ts is loaded.
import Module from 'module';

type Listener<T> = (e: T) => void;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  event = (l: Listener<T>) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export interface FakeVscode {
  module: Record<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  treeViews: Map<
    string,
    { provider: any; collapse: EventEmitter<{ element: unknown }>; expand: EventEmitter<{ element: unknown }> }
  >;
  statusBar: { text: string; tooltip: unknown; backgroundColor: unknown; shown: boolean };
  /** User-level (global) settings of kubeHa.*, by key without the prefix. */
  settings: Record<string, unknown>;
  /** Workspace-level settings; they win over user settings in get(), as in VS Code. */
  workspaceSettings: Record<string, unknown>;
  /** Sets vscode.workspace.isTrusted. */
  setTrusted(trusted: boolean): void;
  shownDocuments: Array<{ uri: string; selection: unknown }>;
  messages: string[];
  nextInput: string | undefined;
  nextPick: ((items: any[]) => any) | undefined;
  /** Commands run through vscode.commands.executeCommand. */
  executed: string[];
}

export function installFakeVscode(): FakeVscode {
  const fake: FakeVscode = {
    module: {},
    commands: new Map(),
    treeViews: new Map(),
    statusBar: { text: '', tooltip: undefined, backgroundColor: undefined, shown: false },
    settings: {},
    workspaceSettings: {},
    setTrusted: (t) => {
      (fake.module.workspace as { isTrusted: boolean }).isTrusted = t;
    },
    shownDocuments: [],
    messages: [],
    nextInput: undefined,
    nextPick: undefined,
    executed: [],
  };
  class TreeItem {
    id?: string;
    description?: string;
    tooltip?: unknown;
    contextValue?: string;
    iconPath?: unknown;
    command?: unknown;
    constructor(
      public label: string,
      public collapsibleState: number,
    ) {}
  }
  class ThemeIcon {
    constructor(
      public id: string,
      public color?: unknown,
    ) {}
  }
  class ThemeColor {
    constructor(public id: string) {}
  }
  class Range {
    constructor(
      public startLine: number,
      public startCharacter: number,
      public endLine: number,
      public endCharacter: number,
    ) {}
  }
  const disposable = { dispose: () => undefined };
  fake.module = {
    TreeItem,
    ThemeIcon,
    ThemeColor,
    Range,
    EventEmitter,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    Uri: { parse: (s: string) => ({ toString: () => s, fsPath: s.replace(/^file:\/\//, '') }) },
    window: {
      createStatusBarItem: () => {
        const s = fake.statusBar as any;
        s.show = () => {
          s.shown = true;
        };
        s.dispose = () => {
          s.shown = false;
        };
        return s;
      },
      createTreeView: (id: string, o: { treeDataProvider: unknown }) => {
        const collapse = new EventEmitter<{ element: unknown }>();
        const expand = new EventEmitter<{ element: unknown }>();
        fake.treeViews.set(id, { provider: o.treeDataProvider, collapse, expand });
        return {
          onDidCollapseElement: collapse.event,
          onDidExpandElement: expand.event,
          dispose: () => fake.treeViews.delete(id),
        };
      },
      showInformationMessage: async (m: string) => {
        fake.messages.push(m);
        return undefined;
      },
      showWarningMessage: async (m: string) => {
        fake.messages.push(m);
        return undefined;
      },
      showInputBox: async () => fake.nextInput,
      showQuickPick: async (items: any[]) => fake.nextPick?.(items),
      withProgress: async (_o: unknown, fn: () => Promise<unknown>) => fn(),
      showTextDocument: async (uri: { toString(): string }, o: { selection: unknown }) => {
        fake.shownDocuments.push({ uri: uri.toString(), selection: o.selection });
      },
    },
    commands: {
      registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
        fake.commands.set(id, fn);
        return { dispose: () => fake.commands.delete(id) };
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        fake.executed.push(id);
        return fake.commands.get(id)?.(...args);
      },
    },
    workspace: {
      isTrusted: true,
      getConfiguration: () => ({
        get: (k: string, d?: unknown) =>
          k in fake.workspaceSettings ? fake.workspaceSettings[k] : k in fake.settings ? fake.settings[k] : d,
        inspect: (k: string) => ({
          key: `kubeHa.${k}`,
          globalValue: fake.settings[k],
          workspaceValue: fake.workspaceSettings[k],
        }),
      }),
      onDidChangeConfiguration: () => disposable,
      onDidGrantWorkspaceTrust: () => disposable,
      asRelativePath: (u: { fsPath: string }) => u.fsPath,
    },
  };
  const m = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = m._load;
  m._load = function (req: string, ...rest: unknown[]) {
    if (req === 'vscode') return fake.module;
    return original.call(this, req, ...rest);
  };
  return fake;
}
