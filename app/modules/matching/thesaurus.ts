import { type Language, LANGUAGES, VOCABULARY } from './vocabulary'

/**
 * Since ADR 075 the shared vocabulary (vocabulary.ts, db/seed/vocabulary.json) widens beside
 * these hand-written groups, recognised in the listing's language (see namedGroups, resolve).
 *
 * The vocabulary of project centres in the four languages: each group holds words that mean
 * the same thing ("Bohrmaschine", "drill", "perceuse", "boormachine"). A listing's words are
 * widened with the other words of every group they name, so a German need finds an English
 * offer. Full-text search cannot do this: stemming works within one language only.
 *
 * Written per category from what project centres exchange (docs/matching.md, ADR 034), not from
 * an evaluation set's misses: kinds of room and what is in them; hand and power tools, event and
 * kitchen equipment, vehicles; the skills associations ask each other for (bookkeeping, tax,
 * grants, law, design, trades, teaching); everyday help; what small loans are for.
 *
 * * Multi-word entries name a group only when all their words occur.
 * * Single words of five letters or more are also found at the start or the end of a longer
 *   word (German compounds: "Betonwand" names "Beton", "Schlagbohrmaschine" names "Bohrmaschine").
 * * A word written "=word" is found only on its own: it is also a frequent part of unrelated
 *   compounds ("Leiter" in "Projektleiter", "Verein" in "Vereinbarung", "Samen" in "gemeinsamen").
 * * Keep groups tight: a word that means several things (e.g. "machine", "bank", "kind") must
 *   not stand alone.
 */
export const THESAURUS: readonly (readonly string[])[] = [
  // ── rooms: kinds of room (ROOM_KINDS below says which kind each names) ──
  ['raum', 'räume', 'room', 'rooms', 'salle', 'ruimte', 'lokaal'],
  ['seminarraum', 'seminar', 'seminars', 'séminaire', 'seminarie', 'workshopraum', 'schulungsraum', 'training room', 'salle de formation', 'trainingsruimte', 'cursusruimte'],
  ['besprechungsraum', 'sitzungsraum', 'meeting room', 'conference room', 'salle de réunion', 'vergaderruimte', 'vergaderzaal', 'konferenzraum'],
  ['proberaum', 'rehearsal', 'répétition', 'repetitieruimte', 'repetitie', 'oefenruimte', 'local de répétition'],
  ['=band', 'bands', 'groupe de musique', 'muziekband', 'musiker', 'musicians', 'musiciens', 'muzikanten'],
  ['küche', 'kitchen', 'cuisine', 'keuken', 'gewerbeküche', 'lehrküche', 'teaching kitchen', 'cuisine pédagogique', 'kookstudio', 'kochen', 'cooking', 'kookles', 'kochkurs', 'cooking class', 'cours de cuisine', 'kookcursus'],
  ['caterer', 'catering', 'traiteur', 'cateraar'],
  ['werkstatt', 'workshop space', '=atelier', 'werkplaats', 'atelier de bricolage', 'maker space', 'makerspace', 'fablab', 'offene werkstatt', 'repair café', 'repaircafé'],
  ['künstleratelier', 'artist studio', "atelier d'artiste", 'kunstenaarsatelier', 'malatelier', 'painting', 'malen', 'malerei', 'peinture', 'schilderen', 'schilder', 'maler', 'painter', 'peintre'],
  ['holz', 'holzbearbeitung', 'wood', 'woodworking', 'bois', 'hout', 'houtbewerking', 'schreinerei', 'tischlerei', 'menuiserie', 'timmerwerkplaats', 'carpentry', 'joinery'],
  ['=lager', 'lagerraum', 'lagerfläche', 'storage', 'stockage', 'entrepôt', 'opslag', 'opslagruimte', 'depot', 'abstellraum', 'garage', 'box de stockage', 'berging'],
  ['bühnenbild', 'stage set', 'stage sets', 'décor', 'décors', 'decor', 'decors'],
  ['fotostudio', 'photo studio', 'studio photo', 'fotostudio'],
  ['saal', 'hall', 'halle', 'salle des fêtes', 'salle polyvalente', 'zaal', 'festsaal', 'veranstaltungsraum', 'veranstaltungssaal', 'event space', 'event hall', "salle d'événements", 'evenementenzaal', 'aula', 'gemeindesaal', 'community hall', 'buurthuis', 'mehrzweckraum', 'multipurpose'],
  ['mitgliederversammlung', 'general meeting', 'assemblée générale', 'algemene ledenvergadering', 'ledenvergadering', 'jahreshauptversammlung', 'agm'],
  ['konzert', 'concert', 'concerts', 'konzerte', 'bühne', 'stage', 'scène', 'podium'],
  ['büro', 'büroraum', 'office', 'offices', 'bureau', 'bureaux', 'kantoor', 'kantoorruimte', 'arbeitsplatz', 'arbeitsplätze', 'schreibtisch', 'schreibtische', 'desk', 'desks', 'workspace', 'poste de travail', 'werkplek', 'werkplekken', 'bureaublad'],
  ['coworking', 'co-working', 'coworkingspace', 'coworking space', 'espace de coworking', 'flexplek', 'shared office', 'bureau partagé', 'gedeeld kantoor'],
  ['tanzraum', 'tanz', 'tanzen', 'dance', 'dancing', 'dance studio', 'danse', 'salle de danse', 'dans', 'dansen', 'dansstudio', 'danszaal', 'ballett', 'ballet'],
  ['bewegungsraum', 'bewegung', 'movement', 'gymnastik', 'gym', 'turnhalle', 'sporthalle', 'gymnase', 'gymzaal', 'sportzaal', 'yoga', 'pilates'],
  ['schwingboden', 'parkett', 'parkettboden', 'sprung floor', 'wooden floor', 'parquet', 'plancher', 'houten vloer', 'verende vloer', 'tanzboden', 'dance floor'],
  ['spiegel', 'mirror', 'mirrors', 'miroir', 'miroirs', 'spiegels', 'spiegelwand'],
  ['kino', 'kinosaal', 'screening room', 'cinema', 'cinéma', 'salle de projection', 'bioscoop', 'filmzaal', 'vorführraum'],
  ['gruppenraum', 'group room', 'salle de groupe', 'groepsruimte', 'clubraum', 'club room', 'gemeinschaftsraum', 'common room', 'salle commune', 'gemeenschapsruimte'],
  ['=garten', 'garden', 'jardin', 'tuin', 'außenfläche', 'outdoor space', 'extérieur', 'buitenruimte', 'wiese', 'lawn', 'pelouse', 'grasveld'],
  ['hof', 'yard', 'patio', 'cour', 'terrasse', 'binnenplaats', 'innenhof', 'courtyard'],
  // ── tools ──
  ['bohrmaschine', 'bohrer', 'drill', 'drilling', 'perceuse', 'boormachine', 'boor', 'akkubohrer', 'cordless drill', 'perceuse sans fil', 'accuboormachine'],
  ['bohrhammer', 'schlagbohrmaschine', 'hammer drill', 'rotary hammer', 'perforateur', 'perceuse à percussion', 'klopboormachine', 'boorhamer', 'stemmhammer', 'breaker'],
  ['akkuschrauber', 'schrauber', 'screwdriver', 'cordless screwdriver', 'visseuse', 'tournevis', 'schroevendraaier', 'accuschroevendraaier', 'schraubendreher'],
  ['beton', 'concrete', 'béton', 'mauerwerk', 'masonry', 'maçonnerie', 'metselwerk', 'stein', 'brick', 'brique', 'baksteen'],
  ['stichsäge', 'jigsaw', 'scie sauteuse', 'decoupeerzaag', 'figuurzaag'],
  ['kreissäge', 'circular saw', 'scie circulaire', 'cirkelzaag', 'tischkreissäge', 'table saw', 'zaagtafel'],
  ['säge', 'sägen', 'saw', 'saws', 'scie', 'scier', 'zaag', 'zagen', 'kettensäge', 'chainsaw', 'tronçonneuse', 'kettingzaag'],
  ['schleifer', 'schleifmaschine', 'schleifen', 'sander', 'sanding', 'ponceuse', 'poncer', 'schuurmachine', 'schuren', 'exzenterschleifer'],
  ['winkelschleifer', 'flex', 'angle grinder', 'grinder', 'meuleuse', 'haakse slijper', 'slijptol'],
  ['oberfräse', 'fräse', 'router', 'défonceuse', 'bovenfrees', 'frees'],
  ['hobel', 'planer', 'rabot', 'schaaf'],
  ['werkzeug', 'werkzeuge', 'werkzeugkiste', 'werkzeugkoffer', 'tools', 'toolbox', 'tool kit', 'outils', 'outillage', 'boîte à outils', 'gereedschap', 'gereedschapskist'],
  ['werkbank', 'workbench', 'établi', 'werkbank', 'hobelbank'],
  ['schweißgerät', 'schweißen', 'welder', 'welding', 'soudure', 'poste à souder', 'lasapparaat', 'lassen'],
  ['beamer', 'projector', 'vidéoprojecteur', 'projecteur', 'videoprojector', 'projektor'],
  ['leinwand', 'screen', 'écran', 'scherm', 'projektionsleinwand', 'projectiescherm'],
  ['film', 'filme', 'filmabend', 'screening', 'screenings', 'projection', 'filmavond', 'movie', 'movies'],
  ['lastenrad', 'lastenfahrrad', 'cargo bike', 'cargobike', 'vélo cargo', 'biporteur', 'bakfiets', 'transportfiets'],
  ['nähmaschine', 'nähmaschinen', 'sewing machine', 'sewing machines', 'machine à coudre', 'machines à coudre', 'naaimachine', 'naaimachines', 'nähen', 'sewing', 'couture', 'naaien', 'overlock', 'overlocker', 'surjeteuse', 'lockmaschine'],
  ['kostüm', 'kostüme', 'costume', 'costumes', 'kostuum', 'kostuums', 'verkleidung', 'déguisement', 'verkleedkleren'],
  ['=leiter', 'leitern', 'ladder', 'ladders', 'échelle', 'échelles', 'ladder', 'ausziehleiter', 'stehleiter', 'anlegeleiter', 'mehrzweckleiter', 'trap', 'trapladder', 'ladders', 'escabeau', 'gerüst', 'scaffold', 'scaffolding', 'échafaudage', 'steiger'],
  ['lautsprecher', 'boxen', 'speaker', 'speakers', 'enceinte', 'enceintes', 'haut-parleur', 'luidspreker', 'luidsprekers', 'boxen'],
  ['pa-anlage', 'pa system', 'sound system', 'soundanlage', 'musikanlage', 'sonorisation', 'sono', 'geluidsinstallatie', 'geluidsset', 'beschallung', 'tontechnik', 'sound engineering', 'technicien son', 'geluidstechniek'],
  ['mischpult', 'mixer', 'mixing desk', 'table de mixage', 'mengpaneel', 'mengtafel'],
  ['mikrofon', 'mikrofone', 'microphone', 'microphones', '=micro', 'micros', 'microfoon', 'microfoons'],
  ['hochdruckreiniger', 'pressure washer', 'jet washer', 'nettoyeur haute pression', 'kärcher', 'hogedrukreiniger'],
  ['rasenmäher', 'lawn mower', 'mower', 'tondeuse', 'grasmaaier', 'motorsense', 'trimmer', 'débroussailleuse', 'bosmaaier'],
  ['zelt', 'zelte', 'tent', 'tents', 'tente', 'tentes', 'tenten'],
  ['pavillon', 'faltpavillon', 'partyzelt', 'festzelt', 'marquee', 'gazebo', 'party tent', 'event tent', 'chapiteau', 'tonnelle', 'barnum', 'partytent', 'feesttent', 'paviljoen'],
  ['biertisch', 'bierbank', 'bierzeltgarnitur', 'festzeltgarnitur', 'beer table', 'trestle table', 'trestle tables', 'tables pliantes', 'table pliante', 'bancs', 'biertafel', 'biertafels', 'klaptafel', 'klaptafels', 'klapptisch', 'klapptische', 'folding table', 'folding tables'],
  ['stühle', '=stuhl', 'chairs', 'chair', 'chaises', 'chaise', 'stoelen', 'stoel', 'bestuhlung', 'seating'],
  ['markt', 'märkte', 'market', 'markets', 'marché', 'marchés', 'markten', 'flohmarkt', 'flea market', 'brocante', 'vide-grenier', 'rommelmarkt'],
  ['transporter', 'van', 'camionnette', 'utilitaire', 'bestelbus', 'bestelwagen', 'kleinbus', 'minibus', 'bus', 'kleintransporter', 'lieferwagen'],
  ['anhänger', 'pkw-anhänger', 'autoanhänger', 'trailer', 'car trailer', 'remorque', 'aanhangwagen', 'aanhanger', 'kar'],
  ['auto', 'pkw', 'car', 'voiture', 'fahrzeug', 'vehicle', 'véhicule', 'voertuig', 'carsharing', 'autodelen'],
  ['umzug', 'umziehen', 'moving', 'move', 'removal', 'déménagement', 'déménager', 'verhuizing', 'verhuizen', 'verhuis'],
  ['kamera', 'kameras', 'videokamera', 'camera', 'cameras', 'video camera', 'caméra', 'appareil photo', 'fototoestel', 'camcorder', 'spiegelreflex', 'dslr'],
  ['stativ', 'tripod', 'trépied', 'statief'],
  ['=licht', 'beleuchtung', 'scheinwerfer', 'lighting', 'lights', 'spotlight', 'éclairage', 'projecteurs', 'verlichting', 'lampen', 'lichttechnik'],
  ['dokumentation', 'documentary', 'documentaries', 'documentaire', 'documentaires', 'dokumentarfilm'],
  ['fahrrad', 'fahrräder', 'rad', 'bike', 'bikes', 'bicycle', 'bicycles', 'cycling', 'vélo', 'vélos', 'fiets', 'fietsen'],
  ['fahrradwerkstatt', 'fahrradreparatur', 'bike repair', 'bike workshop', 'atelier vélo', 'réparation vélo', 'fietsreparatie', 'fietsenmaker', 'fietswerkplaats'],
  ['geschirr', '=teller', 'tassen', 'besteck', 'crockery', 'dishes', 'plates', 'cutlery', 'tableware', 'vaisselle', 'assiettes', 'couverts', 'servies', 'borden', 'bestek'],
  ['kaffeemaschine', 'kaffee', 'coffee machine', 'coffee maker', 'coffee', 'machine à café', 'cafetière', 'café', 'koffiemachine', 'koffiezetapparaat', 'koffie'],
  ['gläser', 'glasses', 'verres', 'glazen'],
  ['spülmaschine', 'geschirrspüler', 'dishwasher', 'lave-vaisselle', 'vaatwasser', 'vaatwasmachine'],
  ['kühlschrank', 'kühlung', 'fridge', 'refrigerator', 'réfrigérateur', 'frigo', 'koelkast', 'kühlanhänger', 'koelcel'],
  ['gulaschkanone', 'großküche', 'kochtopf', 'kochtöpfe', 'pots', 'large pots', 'marmites', 'marmite', 'kookpotten', 'kookpot', 'pans'],
  ['grill', 'barbecue', 'bbq', 'barbecues', 'griller'],
  ['drucker', 'printer', 'imprimante', 'risograph', 'risografie', 'risographie', 'kopierer', 'copier', 'photocopieuse', 'kopieerapparaat'],
  ['laptop', 'laptops', 'notebook', 'computer', 'computers', 'ordinateur', 'ordinateur portable'],
  ['nähzubehör', '=stoff', '=stoffe', 'fabric', 'fabrics', 'tissu', 'tissus', 'stof', 'stoffen'],
  ['spielzeug', 'toys', 'jouets', 'speelgoed', '=spiele', 'games', 'jeux', 'spellen', 'brettspiele', 'board games', 'jeux de société', 'bordspellen'],
  ['hüpfburg', 'bouncy castle', 'château gonflable', 'springkussen'],
  // ── skills ──
  ['buchhaltung', 'buchführung', 'bookkeeping', 'accounting', 'accountancy', 'comptabilité', 'comptable', 'boekhouding', 'boekhouder', 'buchhalter', 'bookkeeper', 'accountant', 'kassenprüfung', 'kassenbericht'],
  ['jahresabschluss', 'annual accounts', 'annual report', 'bilan annuel', 'comptes annuels', 'jaarrekening', 'jaarverslag', 'jahresbericht'],
  ['steuererklärung', 'steuer', 'steuern', 'tax', 'taxes', 'tax return', 'tax returns', 'tax declaration', 'déclaration fiscale', "déclaration d'impôts", 'impôts', 'impôt', 'fiscal', 'fiscale', 'belastingaangifte', 'belasting', 'belastingen', 'aangifte', 'gemeinnützigkeit', 'tax-exempt', 'charitable status', 'anbi'],
  ['webseite', 'webseiten', 'website', 'websites', 'homepage', 'site web', 'sites web', 'site internet', 'webdesign', 'wordpress', 'webshop', 'internetseite'],
  ['förderantrag', 'förderanträge', 'förderung', 'fördermittel', 'antrag', 'anträge', 'grant', 'grants', 'grant application', 'funding', 'fundraising', 'subvention', 'subventions', 'subventionen', 'demande de subvention', 'financement', 'subsidie', 'subsidieaanvraag', 'subsidies', 'fondsenwerving', 'stiftung', 'foundation', 'fondation', 'fonds'],
  ['übersetzung', 'übersetzungen', 'übersetzen', 'übersetzer', 'translation', 'translations', 'translate', 'translator', 'traduction', 'traductions', 'traduire', 'traducteur', 'traductrice', 'vertaling', 'vertalingen', 'vertalen', 'vertaler', 'dolmetschen', 'interpreting', 'interprétariat', 'tolken'],
  ['deutsch', 'german', 'allemand', 'duits'],
  ['französisch', 'french', 'français', 'frans'],
  ['englisch', 'english', 'anglais', 'engels'],
  ['niederländisch', 'dutch', 'néerlandais', 'nederlands'],
  ['reparatur', 'reparieren', 'repair', 'repairs', 'fix', 'fixing', 'réparation', 'réparer', 'reparatie', 'repareren', 'instandsetzung'],
  ['grafikdesign', 'grafik', 'grafiker', 'grafikerin', 'gestaltung', 'graphic design', 'graphic designer', 'graphisme', 'graphiste', 'grafisch ontwerp', 'grafisch ontwerper', 'vormgeving', 'vormgever', 'layout', 'mise en page', 'opmaak'],
  ['logo', 'logos', 'corporate design', 'branding', 'identité visuelle', 'huisstijl', 'erscheinungsbild'],
  ['flyer', 'flyers', 'plakat', 'plakate', 'poster', 'posters', 'affiche', 'affiches', 'tract', 'tracts', 'folder', 'folders'],
  ['rechtsberatung', 'rechtsanwalt', 'anwalt', 'anwältin', 'jurist', '=recht', 'legal advice', 'legal', 'lawyer', 'law', 'conseil juridique', 'juridique', 'avocat', 'droit', 'juridisch advies', 'juridisch', 'advocaat'],
  ['mietrecht', 'mietvertrag', '=miete', 'vermieter', 'tenancy', 'tenancy law', 'lease', 'rental agreement', 'landlord', 'tenant', 'bail', 'droit du bail', 'locataire', 'propriétaire', 'loyer', 'huurrecht', 'huurcontract', 'huur', 'huurder', 'verhuurder'],
  ['satzung', 'vereinssatzung', 'statutes', 'bylaws', 'statuts', 'statuten'],
  ['=verein', 'vereine', 'vereinsarbeit', 'sportverein', 'kulturverein', 'förderverein', 'association', 'associations', 'asso', 'vereniging', 'verenigingen', 'stichting', 'e.v.', 'nonprofit', 'non-profit', 'ehrenamt', 'volunteers', 'bénévoles', 'vrijwilligers'],
  ['elektriker', 'elektrik', 'elektro', 'electrician', 'electrical', 'électricien', 'électricité', 'elektricien', 'elektriciteit', 'elektra'],
  ['elektroinstallation', 'electrical installation', 'wiring', 'installation électrique', 'elektrische installatie', 'steckdose', 'steckdosen', 'socket', 'sockets', 'prise', 'prises', 'stopcontact', 'stopcontacten', 'sicherung', 'fuse'],
  ['klempner', 'sanitär', 'installateur', 'plumber', 'plumbing', 'plombier', 'plomberie', 'loodgieter', 'sanitair', 'wasserhahn', 'tap', 'robinet', 'kraan'],
  ['fotograf', 'fotografin', 'fotografie', 'fotos', 'photographer', 'photography', 'photos', 'photographe', 'photographie', 'fotograaf', "foto's", 'fotografie', 'eventfotografie', 'event photography'],
  ['video', 'videos', 'filmen', 'filming', 'videograf', 'videographer', 'vidéaste', 'vidéo', 'videograaf', 'videoschnitt', 'video editing', 'montage vidéo', 'videomontage'],
  ['festival', 'festivals', 'fest', 'feste', 'fête', 'fêtes', 'feest', 'feesten', 'party', 'parties', 'sommerfest', 'straßenfest', 'street party', 'fête de quartier', 'buurtfeest'],
  ['veranstaltung', 'veranstaltungen', 'event', 'events', 'événement', 'événements', 'evenement', 'evenementen', 'manifestation', 'manifestations'],
  ['unterricht', 'kurs', 'kurse', 'lehren', 'beibringen', 'workshop', 'workshops', 'teaching', 'teach', 'course', 'courses', 'lesson', 'lessons', '=class', 'classes', '=cours', 'enseigner', 'leçons', 'lessen', 'cursus', 'lesgeven', 'leren', 'anleitung'],
  ['nachhilfe', 'hausaufgaben', 'tutoring', 'homework', 'soutien scolaire', 'devoirs', 'bijles', 'huiswerk', 'huiswerkbegeleiding'],
  ['programmieren', 'programmierung', 'software', 'programming', 'coding', 'developer', 'programmation', 'développeur', 'programmeren', 'ontwikkelaar', 'it-support', 'it support', 'support informatique', 'computerhulp'],
  ['social media', 'instagram', 'facebook', 'réseaux sociaux', 'sociale media', 'öffentlichkeitsarbeit', 'pressearbeit', 'public relations', 'communication', 'kommunikation', 'communicatie', 'marketing', 'newsletter', 'pressemitteilung', 'press release', 'communiqué de presse', 'persbericht'],
  ['moderation', 'moderieren', 'moderator', 'facilitation', 'facilitator', 'facilitateur', 'animation', 'animateur', 'gespreksleiding', 'gespreksleider', 'mediation', 'mediator', 'médiation', 'médiateur', 'bemiddeling'],
  ['texte', 'texten', 'schreiben', 'lektorat', 'korrektur', 'writing', 'copywriting', 'proofreading', 'editing', 'rédaction', 'relecture', 'correction', 'schrijven', 'tekstschrijver', 'redactie', 'correctie'],
  ['malerarbeiten', 'streichen', 'anstreichen', 'renovieren', 'renovierung', 'decorating', 'renovation', 'renovating', 'peindre', 'rénovation', 'rénover', 'verven', 'renovatie', 'renoveren', 'schilderwerk'],
  ['handwerker', 'handwerk', 'handyman', 'odd jobs', 'bricoleur', 'bricolage', 'petits travaux', 'klusjesman', 'klussen', 'klus', 'heimwerker', 'diy'],
  ['=garten', 'gartenarbeit', 'gärtnern', 'gardening', 'gardener', 'jardinage', 'jardinier', 'tuinieren', 'tuinman', 'tuinwerk', 'baumschnitt', 'pruning', 'taille', 'snoeien'],
  ['beratung', 'berater', 'coaching', 'advice', 'consulting', 'consultant', 'conseil', 'conseiller', 'advies', 'adviseur'],
  ['datenschutz', 'dsgvo', 'gdpr', 'data protection', 'privacy', 'rgpd', 'protection des données', 'avg', 'gegevensbescherming'],
  // ── other help ──
  ['umzugshelfer', 'umzugshilfe', 'moving help', 'help moving', 'aide au déménagement', 'verhuishulp', '=tragen', 'carry', 'carrying', 'sjouwen', 'tragehilfe'],
  ['kinderbetreuung', 'kinder', 'babysitten', 'babysitting', 'babysitter', 'childcare', 'child care', 'children', 'kids', "garde d'enfants", 'enfants', 'garderie', 'kinderopvang', 'kinderen', 'oppas', 'oppassen'],
  ['versammlung', 'versammlungen', 'sitzung', '=treffen', 'assembly', 'meeting', 'meetings', 'réunion', 'réunions', 'vergadering', 'vergaderingen', 'bijeenkomst'],
  ['saatgut', '=samen', 'seeds', 'semences', 'graines', 'zaden', 'zaad', 'saatguttausch', 'seed swap', 'troc de graines', 'zadenruil'],
  ['jungpflanzen', 'pflanzen', 'setzlinge', 'seedlings', 'plants', 'plantjes', 'planten', 'plants', 'plantes', 'semis', 'stekjes', 'ableger', 'cuttings', 'boutures'],
  ['gemeinschaftsgarten', 'urban gardening', 'community garden', 'jardin partagé', 'jardins partagés', 'jardin collectif', 'buurttuin', 'buurttuinen', 'moestuin', 'gemüsegarten', 'vegetable garden', 'potager'],
  ['brennholz', 'feuerholz', 'firewood', 'bois de chauffage', 'brandhout', 'haardhout'],
  ['lebensmittel', '=essen', 'food', 'foodsharing', 'nourriture', 'alimentation', 'voedsel', 'eten', 'voedselbank', 'food bank', 'banque alimentaire'],
  ['fahrdienst', 'mitfahrgelegenheit', 'lift', 'ride', 'rides', 'driving', 'covoiturage', 'transport', 'vervoer', 'rijden', 'chauffeur', 'fahrer', '=driver'],
  ['einkaufen', 'einkäufe', 'shopping', 'groceries', 'boodschappen'],
  ['=hund', '=hunde', 'dog', 'dogs', 'chien', 'chiens', 'hond', 'honden', 'gassi', 'dog walking', 'uitlaten'],
  ['putzen', 'reinigung', 'sauber', 'cleaning', 'clean', 'nettoyage', 'ménage', 'schoonmaken', 'schoonmaak', 'poetsen'],
  ['kleidung', 'kleider', 'clothes', 'clothing', 'vêtements', 'kleding', 'kleren', 'kleidertausch', 'clothes swap', 'troc de vêtements', 'kledingruil'],
  ['möbel', 'furniture', 'meubles', 'meubels', 'schrank', 'regal', 'cupboard', 'shelf', 'shelves', 'armoire', 'étagère', 'kast', 'plank'],
  // ── loans ──
  ['kredit', 'darlehen', 'loan', 'loans', 'prêt', 'prêts', 'lening', 'leningen', 'kleinkredit', 'mikrokredit', 'microloan', 'microcredit', 'microcrédit', 'microkrediet', 'krediet'],
  ['überbrückung', 'überbrückungskredit', 'zwischenfinanzierung', 'vorfinanzierung', 'bridging', 'bridging loan', 'bridge loan', 'prefinancing', 'pre-financing', 'prêt relais', 'préfinancement', 'overbrugging', 'overbruggingskrediet', 'voorfinanciering'],
  ['kaution', 'deposit', 'caution', 'dépôt de garantie', 'borg', 'borgsom', 'mietkaution'],
  ['liquidität', 'liquidity', 'cash flow', 'cashflow', 'trésorerie', 'liquiditeit', 'engpass', 'shortfall'],
  ['anschaffung', 'investition', 'purchase', 'investment', 'achat', 'investissement', 'aanschaf', 'investering'],
]

/**
 * Kinds of room, each named by terms of the groups above (folded, whole words or parts of German
 * compounds of five letters or more). A room need and a room offer whose texts both name a kind
 * fit better when they name the same kind, and worse when they name only different ones
 * (score.ts: WEIGHTS.roomKind*). A text may name several kinds (a hall for concerts and dance).
 */
export const ROOM_KINDS: Readonly<Record<string, readonly string[]>> = {
  meeting: ['seminarraum', 'seminar', 'seminaire', 'seminarie', 'schulungsraum', 'training room', 'salle de formation', 'trainingsruimte', 'besprechungsraum', 'sitzungsraum', 'meeting room', 'conference room', 'salle de reunion', 'vergaderruimte', 'vergaderzaal', 'konferenzraum', 'gruppenraum', 'group room', 'groepsruimte', 'workshopraum', 'cursusruimte'],
  hall: ['saal', 'hall', 'halle', 'salle des fetes', 'salle polyvalente', 'festsaal', 'veranstaltungsraum', 'veranstaltungssaal', 'event space', 'event hall', 'evenementenzaal', 'aula', 'gemeindesaal', 'community hall', 'mehrzweckraum', 'zaal'],
  music: ['proberaum', 'rehearsal', 'repetition', 'repetitieruimte', 'oefenruimte', 'local de repetition', 'tonstudio', 'recording studio', 'studio d enregistrement', 'opnamestudio'],
  kitchen: ['kuche', 'kitchen', 'cuisine', 'keuken', 'gewerbekuche', 'lehrkuche', 'kookstudio'],
  workshop: ['werkstatt', 'workshop space', 'werkplaats', 'makerspace', 'maker space', 'fablab', 'schreinerei', 'tischlerei', 'menuiserie', 'timmerwerkplaats'],
  studio: ['kunstleratelier', 'artist studio', 'kunstenaarsatelier', 'malatelier', 'fotostudio', 'photo studio', 'studio photo'],
  storage: ['lagerraum', 'lagerflache', 'storage', 'stockage', 'entrepot', 'opslag', 'opslagruimte', 'abstellraum', 'berging', 'garage'],
  office: ['buro', 'buroraum', 'office', 'bureau', 'bureaux', 'kantoor', 'kantoorruimte', 'arbeitsplatz', 'arbeitsplatze', 'schreibtisch', 'schreibtische', 'desk', 'desks', 'workspace', 'poste de travail', 'werkplek', 'werkplekken', 'coworking', 'flexplek'],
  movement: ['tanzraum', 'tanz', 'dance', 'dance studio', 'danse', 'salle de danse', 'dansstudio', 'danszaal', 'bewegungsraum', 'turnhalle', 'sporthalle', 'gymnase', 'gymzaal', 'sportzaal', 'yoga', 'schwingboden', 'sprung floor', 'ballett', 'ballet'],
  cinema: ['kino', 'kinosaal', 'screening room', 'cinema', 'salle de projection', 'bioscoop', 'filmzaal', 'vorfuhrraum'],
  outdoor: ['garten', 'garden', 'jardin', 'tuin', 'hof', 'innenhof', 'courtyard', 'yard', 'cour', 'binnenplaats', 'wiese', 'aussenflache', 'outdoor space'],
}

/**
 * What a loan is for (issue #16 item 5, "purpose where stated"), each named by terms as ROOM_KINDS
 * are (folded; a term of five letters or more is also found at the start or end of a longer word,
 * "=" marks whole words only). A loan need and a loan offer whose texts both state a purpose fit
 * better when they state the same one, and worse when they state only unrelated ones (score.ts:
 * WEIGHTS.loanPurpose*; score.ts LOAN_PURPOSE_BROADER: a vehicle or an appliance is equipment, so
 * an "equipment loan" serves a need for an oven, but a cargo-bike loan does not).
 */
export const LOAN_PURPOSES: Readonly<Record<string, readonly string[]>> = {
  start: ['=grundung', 'grundungskredit', 'grundungsdarlehen', 'existenzgrundung', 'neugrundung', 'grunder', 'existenzgrunder', 'startkredit', 'startkapital', 'starthilfe', 'startgeld', 'startup', 'start up', 'seed loan', 'founder', 'founders', 'starting a business', 'start a business', 'new business', 'demarrer', 'demarrage', 'lancer', 'lancement', 'creation d entreprise', 'pret de creation', 'pret d amorcage', 'startlening', 'startkapitaal', 'starterskrediet', 'opstartlening', 'opstarten', 'starten', 'eigen zaak'],
  stock: ['warenkredit', 'wareneinkauf', 'warenbestand', 'warenfinanzierung', 'saisonware', '=ware', 'lagerbestand', 'rohstoffe', 'stock', 'stocks', 'inventory', 'merchandise', 'achat de stock', 'marchandise', 'marchandises', 'matieres premieres', 'voorraad', 'handelswaar', 'grondstoffen'],
  cash: ['uberbruckung', 'zwischenfinanzierung', 'zwischenkredit', 'vorfinanzierung', 'vorfinanzieren', 'liquiditat', 'betriebsmittel', 'bridge loan', 'bridging', 'prefinancing', 'pre financing', 'cash flow', 'cashflow', 'working capital', 'liquidity', 'pret relais', 'credit relais', 'prefinancement', 'tresorerie', 'avance sur subvention', 'overbrugging', 'overbruggen', 'voorfinanciering', 'werkkapitaal', 'liquiditeit'],
  deposit: ['kaution', 'mietkaution', 'deposit', 'security deposit', 'rent deposit', 'depot de garantie', 'caution', '=borg', 'borgsom', 'waarborg', 'waarborgsom'],
  equipment: ['=gerat', '=gerate', 'geratekauf', 'gerateanschaffung', 'geratschaften', 'maschine', 'werkzeug', 'anschaffung', 'investition', 'ausstattung', 'ausrustung', 'equipment', 'machine', 'machines', 'machinery', 'tools', 'investment', 'materiel', 'equipement', 'outillage', 'outils', 'investissement', 'apparatuur', 'gereedschap', 'investering'],
  vehicle: ['fahrzeug', 'lastenrad', 'transporter', '=auto', 'kleinbus', 'lieferwagen', 'vehicle', 'buy van', 'delivery van', 'cargo bike', 'cargo bikes', 'buy car', 'vehicule', 'camionnette', 'velo cargo', 'voiture', 'voertuig', 'bakfiets', 'busje', 'bestelwagen'],
  appliance: ['=ofen', 'backofen', 'brennofen', 'pizzaofen', 'holzofen', 'kuhlschrank', 'kuhlzelle', 'kuhltruhe', 'gefrierschrank', 'oven', 'ovens', 'kiln', 'fridge', 'refrigerator', 'freezer', 'cold room', 'dishwasher', 'un four', 'le four', 'four pain', 'four sole', 'four bois', 'refrigerateur', 'frigo', 'congelateur', 'chambre froide', 'lave vaisselle', 'bakoven', 'pizzaoven', 'koelkast', 'vriezer', 'diepvries', 'koelcel', 'vaatwasser'],
  property: ['immobilie', 'gebaude', 'hauskauf', 'grundstuck', 'real estate', 'property', 'immobilier', 'immeuble', 'batiment', 'vastgoed', 'gebouw', '=pand'],
  renovation: ['sanierung', 'renovierung', 'modernisierung', 'umbau', 'renovation', 'refurbishment', 'travaux', 'renovatie', 'verbouwing', 'verbouwen'],
  energy: ['photovoltaik', 'pv anlage', 'solaranlage', 'solar', 'heizung', 'warmepumpe', 'photovoltaique', 'panneaux solaires', 'chauffage', 'pompe chaleur', 'zonnepanelen', 'zonnepaneel', 'verwarming', 'warmtepomp'],
  shares: ['genossenschaftsanteil', 'geschaftsanteil', 'parts sociales', 'cooperative shares', 'community shares', 'aandelen', 'ledenobligaties'],
  training: ['kursgebuhr', 'weiterbildung', 'fortbildung', 'fuhrerschein', 'ausbildung', 'training', 'tuition', 'course fees', 'driving licence', 'driving license', 'formation', 'permis de conduire', 'opleiding', 'cursusgeld', 'rijbewijs'],
}

function fold(s: string) {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase()
}

/**
 * Articles, prepositions and conjunctions of the four languages, folded: inside a multi-word label
 * they are part of the phrase, not words that name the concept (see buildIndex).
 */
const LITTLE_WORDS = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'und', 'oder', 'fur', 'mit', 'ohne', 'von', 'vom', 'zum', 'zur', 'im', 'in', 'am', 'an', 'auf', 'aus', 'bei', 'nach',
  'the', 'of', 'for', 'with', 'without', 'and', 'or', 'to', 'on', 'at', 'by', 'from',
  'de', 'des', 'du', 'la', 'le', 'les', 'un', 'une', 'et', 'ou', 'pour', 'avec', 'sans', 'au', 'aux', 'en', 'sur', 'par',
  'het', 'een', 'en', 'of', 'voor', 'met', 'zonder', 'van', 'op', 'aan', 'bij', 'uit', 'naar', 'te',
])

/** A compound part must be this long to be found inside a longer word ("Betonwand" → "beton"). */
const MIN_PART = 5

/** Languages whose compounds are written as one word: only there is a label found inside a longer word. */
const COMPOUNDING: ReadonlySet<Language> = new Set(['de', 'nl'])

/**
 * Terms as word lists; a term written with a leading "=" is found only as a whole word (it is a
 * word of its own in one language and a frequent part of unrelated German compounds:
 * "Leiter" in "Projektleiter", "Samen" in "gemeinsamen", "Verein" in "Vereinbarung").
 */
function parse(term: string) {
  const whole = term.startsWith('=')
  // one-letter parts ("d'artiste", "l'eau") are not words of a text (wordsOf drops them)
  return { whole, parts: fold(whole ? term.slice(1) : term).split(/[^a-z0-9]+/).filter((w) => w.length > 1) }
}

/** A label as the matcher reads it: its words folded (lower case, no accents), joined by one space. */
export function foldLabel(label: string): string {
  return parse(label).parts.join(' ')
}

/**
 * The words the code's groups mark whole-word only ("=leiter", "=verein" …): the vocabulary's
 * labels with the same spelling are found only on their own too.
 */
const WHOLE_ONLY: ReadonlySet<string> = new Set(
  THESAURUS.flat()
    .filter((t) => t.startsWith('='))
    .map((t) => parse(t).parts.join(' ')),
)

/** A term's group, and the language it is a label of (null: the code's groups, any language). */
interface Entry {
  group: number
  lang: Language | null
}

interface Group {
  /** the vocabulary concept's key (none for the code's groups) */
  key: string | null
  /** the words a text naming the group is widened with */
  words: string[]
}

interface Index {
  groups: Group[]
  /** single-word terms → the groups that contain them */
  byWord: Map<string, Entry[]>
  /** single-word terms that may also be found inside a longer word → groups */
  byPart: Map<string, Entry[]>
  /**
   * multi-word terms → their groups, by the term's first word (a text names a term only if it has
   * that word); `order` is the term's place in the vocabulary, the order in which they are resolved
   */
  multiByFirst: Map<string, { parts: string[]; entries: Entry[]; order: number }[]>
  /** the same, by the term's words joined by one space (conceptsLabelled) */
  multiByText: Map<string, Entry[]>
}

interface Term {
  text: string
  lang: Language | null
}

function add(map: Map<string, Entry[]>, key: string, entry: Entry) {
  const list = map.get(key) ?? []
  if (!list.some((e) => e.group === entry.group && e.lang === entry.lang)) list.push(entry)
  map.set(key, list)
}

/**
 * The index of a list of groups. A vocabulary label written under two concepts of one language
 * ("atelier": workshop and artist's studio in French) is ambiguous: in a text of that language it
 * names neither (resolve), and neither is widened with it, so it does not link them.
 */
function buildIndex(groups: readonly { key: string | null; terms: readonly Term[] }[]): Index {
  const index: Index = { groups: [], byWord: new Map(), byPart: new Map(), multiByFirst: new Map(), multiByText: new Map() }
  const conceptsOf = new Map<string, Set<number>>()
  groups.forEach((group, g) => {
    for (const term of group.terms) {
      if (!term.lang) continue
      const key = `${term.lang}:${parse(term.text).parts.join(' ')}`
      conceptsOf.set(key, (conceptsOf.get(key) ?? new Set()).add(g))
    }
  })
  const ambiguous = (term: Term) => !!term.lang && (conceptsOf.get(`${term.lang}:${parse(term.text).parts.join(' ')}`)?.size ?? 0) > 1
  const multi = new Map<string, { parts: string[]; entries: Entry[] }>()
  groups.forEach((group, g) => {
    const words = new Set<string>()
    for (const term of group.terms) {
      const { whole, parts } = parse(term.text)
      // still indexed: in a text of its language it then names both concepts, so resolve() takes neither
      // a multi-word label's little words ("micro sans fil", "Raum für Kinder") widen nothing: as
      // words of their own they would make any text with "sans" or "für" share a word with it
      if (!ambiguous(term)) for (const part of parts) if (parts.length === 1 || !LITTLE_WORDS.has(part)) words.add(part)
      const entry = { group: g, lang: term.lang }
      if (parts.length !== 1) {
        if (parts.length > 1) {
          const key = parts.join(' ')
          const known = multi.get(key) ?? { parts, entries: [] }
          if (!known.entries.some((e) => e.group === g && e.lang === term.lang)) known.entries.push(entry)
          multi.set(key, known)
        }
        continue
      }
      add(index.byWord, parts[0]!, entry)
      if (!whole && !WHOLE_ONLY.has(parts[0]!) && parts[0]!.length >= MIN_PART) add(index.byPart, parts[0]!, entry)
    }
    index.groups.push({ key: group.key, words: [...words] })
  })
  let order = 0
  for (const term of multi.values()) {
    const first = term.parts[0]!
    index.multiByFirst.set(first, [...(index.multiByFirst.get(first) ?? []), { ...term, order: order++ }])
  }
  index.multiByText = new Map([...multi].map(([text, { entries }]) => [text, entries]))
  return index
}

/**
 * The groups a term names in a text of this language: the code's groups always; of the
 * vocabulary, the one concept the term is a label of in the text's language, or else (a word
 * borrowed from another language) the one concept it is a label of in the others. A term of
 * several concepts names none of them.
 */
function resolve(entries: readonly Entry[], lang: Language | null, named: Set<number>, part = false) {
  let own: number | null | undefined
  let foreign: number | null | undefined
  for (const e of entries) {
    if (e.lang === null) named.add(e.group)
    else if (e.lang === lang) own = own === undefined || own === e.group ? e.group : null
    else if (!part) foreign = foreign === undefined || foreign === e.group ? e.group : null
  }
  if (own != null) named.add(own)
  else if (own === undefined && foreign != null) named.add(foreign)
}

/**
 * The groups a text names: a single-word term as a word of the text, or (five letters or more,
 * not marked "=") at the start or end of a longer word — the vocabulary's labels only in German
 * and Dutch texts, and only labels of the text's own language; a multi-word term when all its
 * words occur. Every prefix and suffix of each word is looked up once, so the cost does not grow
 * with the vocabulary.
 */
function namedGroups(index: Index, words: ReadonlySet<string>, lang: Language | null): Set<number> {
  const named = new Set<number>()
  const compounds = lang !== null && COMPOUNDING.has(lang)
  const part = (key: string) => {
    const entries = index.byPart.get(key)
    if (!entries) return
    resolve(compounds ? entries : entries.filter((e) => e.lang === null), lang, named, true)
  }
  // Multi-word terms first, in the vocabulary's order, looked up by their first word. The head word
  // of one the text names ("caméra" of "caméra thermique", "room" of "meeting room": the first word
  // in French, the last elsewhere) does not also name on its own what it means alone (a video
  // camera): the longer label says what the thing is. Its other words still do ("flyer" of "flyer
  // design" names the flyer).
  const multi = new Set<number>()
  const consumed = new Set<string>()
  const terms = [...words].flatMap((word) => index.multiByFirst.get(word) ?? []).filter(({ parts }) => parts.every((p) => words.has(p)))
  for (const { parts, entries } of terms.sort((a, b) => a.order - b.order)) {
    const found = new Set<number>()
    resolve(entries, lang, found)
    if (!found.size) continue
    for (const g of found) multi.add(g)
    consumed.add(lang === 'fr' ? parts[0]! : parts[parts.length - 1]!)
  }
  for (const word of words) {
    if (consumed.has(word)) continue
    const whole = index.byWord.get(word)
    if (whole) resolve(whole, lang, named)
    // German compounds put the modifier first and the head last ("Beton|wand", "Schlag|bohrmaschine"):
    // a part counts at the start or the end of a longer word, not in its middle ("Umzug|s|helf|er"
    // holds the English "shelf")
    for (let cut = 1; cut < word.length; cut++) {
      if (cut >= MIN_PART) part(word.slice(0, cut))
      if (word.length - cut >= MIN_PART) part(word.slice(cut))
    }
  }
  for (const g of multi) named.add(g)
  return named
}

function wordsOf(text: string): Set<string> {
  return new Set(
    fold(text)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  )
}

/** What the community added to the vocabulary in the UI (vocabulary.server.ts): labels and concepts. */
export interface VocabularyAdditions {
  /** new labels of seed concepts or of added concepts */
  labels: readonly { conceptKey: string; language: Language; label: string }[]
  /** concepts added beside the seed's (their labels are in `labels`) */
  concepts: readonly { key: string }[]
}

/** The shared vocabulary as the matcher reads it: seed and additions, one index. */
export interface Thesaurus {
  /**
   * The words of every group the text names, except the words already in the text. `language` is
   * the language the text is written in (the listing's): it decides which label of an ambiguous
   * word counts, and whether compounds are split.
   */
  expandWords(text: string, language?: Language | null, confirmed?: readonly string[] | null, leaveOut?: ReadonlySet<string>): string[]
  /** The vocabulary concepts a text in this language names (keys, sorted): the recogniser. */
  conceptsOf(text: string, language: Language | null): string[]
  /** The vocabulary concepts of which this exact label is a label in this language (keys, sorted). */
  conceptsLabelled(label: string, language: Language): string[]
  /** Is this a concept of the vocabulary (seed or added)? */
  hasConcept(key: string): boolean
  /** A concept's name in this language: its first label there, else its first in another language. */
  conceptName(key: string, language: Language): string
  /**
   * Concepts with a label that starts with the words typed (folded), for the chips' autocomplete:
   * labels of this language before the others', an exact label first, then by name.
   */
  findConcepts(typed: string, language: Language, limit?: number): { key: string; name: string; label: string }[]
}

/**
 * The token a listing's confirmed concept stands as in its search vector (ADR 083): letters after a
 * digit make it a "numword" to PostgreSQL's parser, which every configuration keeps unstemmed, so
 * the same token is found under the four configurations and no one types it by chance.
 */
export function conceptMarker(key: string): string {
  return `vc0${key.replaceAll('-', '')}`
}

/**
 * The groups that widen a listing's words: the code's THESAURUS and the shared vocabulary's
 * concepts side by side (ADR 075: together they measured better on the old sets than either
 * alone), with what the community added (ADR 080). A concept's broader concept is not used: as a
 * weaker link it lowered precision.
 */
export function createThesaurus(additions: VocabularyAdditions = { labels: [], concepts: [] }): Thesaurus {
  const added = new Map<string, Term[]>()
  for (const l of additions.labels) added.set(l.conceptKey, [...(added.get(l.conceptKey) ?? []), { text: l.label, lang: l.language }])
  const index = buildIndex([
    ...THESAURUS.map((terms) => ({ key: null, terms: terms.map((text) => ({ text, lang: null })) })),
    ...VOCABULARY.map((c) => ({
      key: c.key,
      terms: [...LANGUAGES.flatMap((lang) => (c.labels[lang] ?? []).map((text) => ({ text, lang }))), ...(added.get(c.key) ?? [])],
    })),
    ...additions.concepts.map((c) => ({ key: c.key, terms: added.get(c.key) ?? [] })),
  ])
  const groupOf = new Map<string, number>()
  index.groups.forEach((g, i) => {
    if (g.key !== null) groupOf.set(g.key, i)
  })
  const labels = new Map<string, { lang: Language; text: string; folded: string }[]>()
  const vocabularyGroups = [
    ...VOCABULARY.map((c) => ({ key: c.key, terms: LANGUAGES.flatMap((lang) => (c.labels[lang] ?? []).map((text) => ({ text, lang }))) })),
    ...additions.concepts.map((c) => ({ key: c.key, terms: [] as { text: string; lang: Language }[] })),
  ]
  for (const { key, terms } of vocabularyGroups) {
    labels.set(key, [...terms, ...(added.get(key) ?? [])].map((t) => ({ lang: t.lang!, text: t.text.replace(/^=/, ''), folded: foldLabel(t.text) })))
  }
  const conceptName = (key: string, language: Language) => {
    const own = labels.get(key) ?? []
    return (own.find((l) => l.lang === language) ?? LANGUAGES.map((lang) => own.find((l) => l.lang === lang)).find(Boolean))?.text ?? key
  }
  return {
    expandWords(text, language = null, confirmed = null, leaveOut = NONE) {
      const words = wordsOf(text)
      const extra = new Set<string>()
      // with confirmed concepts (the author's chips, ADR 083) the vocabulary's concepts are those,
      // whether the text names them or not; the code's groups are still read from the text
      let groups = [...namedGroups(index, words, language)]
      if (confirmed) {
        const chosen = confirmed.map((k) => groupOf.get(k)).filter((g): g is number => g !== undefined)
        groups = [...groups.filter((g) => index.groups[g]!.key === null), ...chosen]
      }
      for (const g of groups) {
        if (leaveOut.has(index.groups[g]!.key ?? '')) continue
        for (const word of index.groups[g]!.words) if (!words.has(word)) extra.add(word)
      }
      return [...extra]
    },
    hasConcept(key) {
      return groupOf.has(key)
    },
    conceptName,
    findConcepts(typed, language, limit = 8) {
      const q = foldLabel(typed)
      if (q.length < 2) return []
      const found: { key: string; name: string; label: string; rank: number }[] = []
      for (const [key, own] of labels) {
        let best: { label: string; rank: number } | null = null
        for (const l of own) {
          if (!(l.folded.startsWith(q) || l.folded.includes(` ${q}`))) continue
          const rank = (l.folded === q ? 0 : 2) + (l.lang === language ? 0 : 1)
          if (!best || rank < best.rank) best = { label: l.text, rank }
        }
        if (best) found.push({ key, name: conceptName(key, language), ...best })
      }
      const collator = new Intl.Collator(language)
      return found
        .sort((a, b) => a.rank - b.rank || collator.compare(a.name, b.name) || a.key.localeCompare(b.key))
        .slice(0, limit)
        .map(({ key, name, label }) => ({ key, name, label }))
    },
    conceptsOf(text, language) {
      return [...namedGroups(index, wordsOf(text), language)]
        .map((g) => index.groups[g]!.key)
        .filter((k): k is string => k !== null)
        .sort()
    },
    conceptsLabelled(label, language) {
      const { parts } = parse(label)
      const entries = parts.length === 1 ? index.byWord.get(parts[0]!) : index.multiByText.get(parts.join(' '))
      const keys = new Set<string>()
      for (const e of entries ?? []) {
        const key = index.groups[e.group]!.key
        if (e.lang === language && key !== null) keys.add(key)
      }
      return [...keys].sort()
    },
  }
}

const NONE: ReadonlySet<string> = new Set()

/**
 * The vocabulary's top concepts of a listing category ("rooms" for rooms, "tools-and-equipment"
 * for tools …): every candidate of a room listing is a room, so a room listing naming *Raum*,
 * *salle*, *space* says nothing its category does not. Matching leaves them out of a listing's
 * widening and its concept tokens (candidates.server.ts widening); search keeps them.
 */
export function categoryRoots(category: string): ReadonlySet<string> {
  return ROOTS_BY_CATEGORY.get(category) ?? NONE
}
const ROOTS_BY_CATEGORY = new Map<string, Set<string>>()
for (const c of VOCABULARY) if (c.broader === null) ROOTS_BY_CATEGORY.set(c.category, (ROOTS_BY_CATEGORY.get(c.category) ?? new Set()).add(c.key))

/** The seed vocabulary alone: for the evaluation, the tests, and until the database is read. */
export const seedThesaurus = createThesaurus()
export const expandWords = seedThesaurus.expandWords
export const conceptsOf = seedThesaurus.conceptsOf

/**
 * A reader of the kinds a text names from a table of kinds and their terms (ROOM_KINDS,
 * LOAN_PURPOSES), in any language. It keeps the texts it read last: the same listings are
 * candidates of every listing of their category, and finding the kinds (every start and end of
 * every word) costs ~40 µs a text. Cleared when full, so it holds at most KINDS_KEPT texts.
 */
function kindReader(table: Readonly<Record<string, readonly string[]>>): (text: string) => readonly string[] {
  const names = Object.keys(table)
  const index = buildIndex(names.map((kind) => ({ key: null, terms: table[kind]!.map((text) => ({ text, lang: null })) })))
  const seen = new Map<string, readonly string[]>()
  return (text) => {
    const known = seen.get(text)
    if (known) return known
    const kinds = Object.freeze([...namedGroups(index, wordsOf(text), null)].map((g) => names[g]!).sort())
    if (seen.size >= KINDS_KEPT) seen.clear()
    seen.set(text, kinds)
    return kinds
  }
}
const KINDS_KEPT = 5000

/** The kinds of room a text names (ROOM_KINDS), e.g. ["movement"] for "Bewegungsraum mit Schwingboden". */
export const roomKindsOf = kindReader(ROOM_KINDS)

/** What a loan's text says it is for (LOAN_PURPOSES), e.g. ["stock"] for "Warenkredit für Saisonware". */
export const loanPurposesOf = kindReader(LOAN_PURPOSES)
