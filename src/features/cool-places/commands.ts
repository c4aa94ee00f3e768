import type { AppContext } from '../context.js';
import type { Reply } from '../../core/messages.js';
import { dataKey } from '../../i18n/translator.js';
import type { ConversationKit, Feature, Request, SentFile } from '../feature.js';
import { asksForCoolPlace } from './intent.js';
import { ADD_PLACE_FLOW } from './addFlow.js';
import { EDIT_PLACE_FLOW } from './editFlow.js';
import {
  findManaged,
  importFile,
  listPlaces,
  MANAGER_BUTTONS,
  type Manager,
  type ManagerReply,
  setClosedToday,
  showPlace,
} from './managerDesk.js';
import { RESIDENT_QUARTIER_BUTTON, whereIsCool } from './residentDesk.js';
import { COOL_PLACES, coolTexts } from './texts.js';
import { askerOf, type CoolPlacesContext, depsOf, whenIn } from './wiring.js';

/** The open-data exports an eco-manager may send (anything else goes on to the FAQ's documents). */
const OPEN_DATA_FILE = /\.(csv|geojson|json)$/i;

/** /frais for residents (and "où aller au frais ?"), /lieuxfrais and open-data files for eco-managers. */
export const coolPlacesFeature = (ctx: CoolPlacesContext & Pick<AppContext, 'flows'>, kit: ConversationKit) => {
  const deps = () => depsOf(ctx);
  const manager = (req: Request): Manager => ({ lang: req.env.lang, managedQuartiers: req.env.managedQuartiers });
  const orRefuse = async (req: Request, replies: Reply[] | undefined) =>
    replies ?? kit.refuse(req.person, req.env, 'lieuxfrais');

  /** The places open now near the person's building; `quartier` for someone who has not joined. */
  async function nearby(req: Request, quartier?: string): Promise<Reply[]> {
    const asker = await askerOf(ctx, req.person);
    const chosen = asker.quartier ?? quartier;
    return whereIsCool(deps(), { ...asker, quartier: chosen }, await whenIn(ctx, chosen));
  }

  /** *Modifier*: the edit flow, for a place of a quartier she manages (re-checked again at each step). */
  async function edit(req: Request, id: string): Promise<ManagerReply> {
    const m = manager(req);
    if (!m.managedQuartiers.length) return undefined;
    const place = await findManaged(deps(), m, id);
    if (!place) return [{ text: coolTexts(m.lang)('manage.gone') }];
    const preset = { quartier: place.quartier, placeId: place.id };
    return ctx.flows.startInstead(EDIT_PLACE_FLOW, req.env, { preset });
  }

  /** *Ajouter un lieu*: the add flow, for a quartier she manages (re-checked again at each step). */
  async function add(req: Request, quartier: string): Promise<ManagerReply> {
    if (!manager(req).managedQuartiers.includes(quartier)) return undefined;
    return ctx.flows.startInstead(ADD_PLACE_FLOW, req.env, { preset: { quartier } });
  }

  /** Buttons: a quartier chosen (residents), or an eco-manager's list, place, close, reopen (rights re-checked). */
  async function press(value: string, req: Request): Promise<Reply[]> {
    if (value.startsWith(RESIDENT_QUARTIER_BUTTON)) return nearby(req, value.slice(RESIDENT_QUARTIER_BUTTON.length));
    const m = manager(req);
    const arg = value.slice(MANAGER_BUTTONS.quartier.length);
    const when = { now: ctx.now(), heatWave: false };
    if (value.startsWith(MANAGER_BUTTONS.quartier)) return orRefuse(req, await listPlaces(deps(), m, when, arg));
    if (value.startsWith(MANAGER_BUTTONS.place)) return orRefuse(req, await showPlace(deps(), m, arg, when));
    if (value.startsWith(MANAGER_BUTTONS.edit)) return orRefuse(req, await edit(req, arg));
    if (value.startsWith(MANAGER_BUTTONS.add)) return orRefuse(req, await add(req, arg));
    const close = value.startsWith(MANAGER_BUTTONS.close);
    if (close || value.startsWith(MANAGER_BUTTONS.reopen))
      return orRefuse(req, await setClosedToday(deps(), m, arg, close, when));
    return [{ text: req.env.t('menu.notUnderstood') }];
  }

  /** An open-data export sent by an eco-manager: imported into the quartier its caption names (or their only one). */
  async function document(file: SentFile, req: Request): Promise<Reply[] | undefined> {
    const managed = req.env.managedQuartiers;
    if (!managed.length || !OPEN_DATA_FILE.test(file.fileName)) return undefined;
    const named = (q: { id: string; name: string }) =>
      file.caption.toLowerCase().includes(q.name.toLowerCase()) || file.caption.toLowerCase().includes(q.id);
    const quartiers = ctx.config.quartiers.filter((q) => managed.includes(q.id));
    const quartier = quartiers.find(named)?.id ?? (managed.length === 1 ? managed[0] : undefined);
    if (!quartier) {
      const names = quartiers.map((q) => q.name).join(', ');
      return [{ text: coolTexts(req.env.lang)('import.whichQuartier', { quartiers: names }) }];
    }
    let content: string;
    try {
      content = (await file.content()).toString('utf8');
    } catch {
      return undefined; // too large or lost: the documents' desk says so in its words
    }
    return orRefuse(req, await importFile(deps(), manager(req), quartier, content));
  }

  return {
    id: COOL_PLACES,
    help: [
      { at: 13, key: dataKey(`${COOL_PLACES}.commands.frais`) },
      { at: 29, key: dataKey(`${COOL_PLACES}.commands.lieuxfrais`), managers: true },
    ],
    commands: [
      { words: ['frais', 'cool'], run: (req) => nearby(req, req.args.trim() || undefined) },
      {
        words: ['lieuxfrais', 'coolplaces'],
        async run(req) {
          const when = { now: ctx.now(), heatWave: false };
          return orRefuse(req, await listPlaces(deps(), manager(req), when, req.args.trim() || undefined));
        },
      },
    ],
    intents: [{ matches: asksForCoolPlace, answer: (_text, req) => nearby(req) }],
    buttons: (value, req) => (value.startsWith('cp:') ? press(value, req) : undefined),
    document,
  } satisfies Feature;
};
