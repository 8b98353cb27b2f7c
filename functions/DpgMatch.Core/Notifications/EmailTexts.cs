using System.Globalization;

namespace DpgMatch.Core.Notifications;

/// <summary>The words of every email in English, French and Spanish; the recipient's language picks one, English otherwise.</summary>
public sealed record EmailTexts(
    string DigestSubject,
    string NoMatchesSubject,
    string DigestIntro,
    string SeeAll,
    string Score,
    string Unsubscribe,
    string UnsubscribeText,
    string FitSubject,
    string FitIntro,
    string BuyerContact,
    string DailySubject,
    string DailyIntro,
    string AlertSubject,
    string AlertIntro)
{
    public static readonly EmailTexts English = new(
        "{0} DPG matches for \"{1}\"",
        "No DPG matches yet for \"{0}\"",
        "Digital Public Goods that fit your need \"{0}\":",
        "See every match and its reasons",
        "score",
        "Unsubscribe",
        "No more of these emails",
        "A need fits your DPG {0}: \"{1}\"",
        "A public buyer posted a need that fits {0}:",
        "The buyer's contact",
        "{0} needs fit your DPGs ({1})",
        "Needs posted on {0} that fit your Digital Public Goods:",
        "New fit for \"{0}\": {1}",
        "A Digital Public Good listed or changed since your matches were sent now fits your need \"{0}\":");

    public static readonly EmailTexts French = new(
        "{0} biens publics numériques pour « {1} »",
        "Pas encore de bien public numérique pour « {0} »",
        "Les biens publics numériques qui répondent à votre besoin « {0} » :",
        "Voir chaque résultat et ses raisons",
        "score",
        "Se désabonner",
        "Ne plus recevoir ces courriels",
        "Un besoin correspond à votre BPN {0} : « {1} »",
        "Un acheteur public a publié un besoin qui correspond à {0} :",
        "Contact de l'acheteur",
        "{0} besoins correspondent à vos BPN ({1})",
        "Besoins publiés le {0} qui correspondent à vos biens publics numériques :",
        "Nouveau résultat pour « {0} » : {1}",
        "Un bien public numérique publié ou modifié depuis l'envoi de vos résultats répond maintenant à votre besoin « {0} » :");

    public static readonly EmailTexts Spanish = new(
        "{0} bienes públicos digitales para «{1}»",
        "Aún no hay bienes públicos digitales para «{0}»",
        "Bienes públicos digitales que responden a su necesidad «{0}»:",
        "Ver cada resultado y sus razones",
        "puntuación",
        "Darse de baja",
        "No recibir más estos correos",
        "Una necesidad encaja con su BPD {0}: «{1}»",
        "Un comprador público publicó una necesidad que encaja con {0}:",
        "Contacto del comprador",
        "{0} necesidades encajan con sus BPD ({1})",
        "Necesidades publicadas el {0} que encajan con sus bienes públicos digitales:",
        "Nuevo resultado para «{0}»: {1}",
        "Un bien público digital publicado o modificado desde el envío de sus resultados ahora responde a su necesidad «{0}»:");

    public static EmailTexts For(string? language) => (language?.Split('-')[0].ToLowerInvariant()) switch
    {
        "fr" => French,
        "es" => Spanish,
        _ => English,
    };

    public static string Format(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);
}
