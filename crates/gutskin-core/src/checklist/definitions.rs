//! The checklist's words: its areas, every version's questions, and the notes each result
//! carries. GutSkin's own wording, written from the mechanisms in the reference article.

use serde::Serialize;

use super::{Checklist, Group, GroupDef, IndicatorDef};

/// The four areas, in the order they are asked and shown.
pub const GROUPS: [GroupDef; 4] = [
    GroupDef {
        id: Group::Digestive,
        name: "Digestion",
        prompt: "How your gut has been over the last few weeks.",
        habits: &["fiber", "probiotics", "sugar"],
        habits_reason: "Fiber feeds your helpful gut bacteria, probiotics add more of them, and \
                        leaving out refined sugar stops feeding the less helpful ones. Together \
                        they work on the imbalance behind these symptoms.",
    },
    GroupDef {
        id: Group::Pattern,
        name: "Where you break out",
        prompt: "Where your breakouts usually appear.",
        habits: &["omega3", "zinc", "sugar"],
        habits_reason: "Breakouts in these places often follow inflammation that travels \
                        through the body. Omega-3 and zinc help calm it in the gut lining and \
                        the skin, and avoiding refined sugar spares you the insulin spikes \
                        that feed it.",
    },
    GroupDef {
        id: Group::Treatment,
        name: "Response to treatment",
        prompt: "How your acne has responded to creams and gels.",
        habits: &["fiber", "probiotics", "omega3"],
        habits_reason: "When surface treatment is not enough, the cause may sit inside. Fiber \
                        and probiotics help restore the gut's balance and its lining, and \
                        omega-3 damps the inflammation that reaches the skin.",
    },
    GroupDef {
        id: Group::Systemic,
        name: "How you feel overall",
        prompt: "How your energy and focus have been lately.",
        habits: &["stress", "fiber", "probiotics"],
        habits_reason: "Stress changes the gut's microbes and makes its lining leakier, and a \
                        troubled gut feeds body-wide inflammation in turn. A daily stress \
                        practice and gut-friendly food work on both ends of that loop.",
    },
];

/// Version 1, the first checklist: the nine indicators of the product spec.
pub(super) const V1: &[IndicatorDef] = &[
    IndicatorDef {
        id: "bloating",
        group: Group::Digestive,
        text: "Frequent bloating",
        why: "Bloating often means gut bacteria are fermenting food in an unbalanced way. That \
              imbalance, called dysbiosis, can keep the whole body in a low-level inflamed \
              state, and the skin is one of the places it shows.",
    },
    IndicatorDef {
        id: "gas",
        group: Group::Digestive,
        text: "Excessive gas",
        why: "A lot of gas can be a sign that the mix of gut microbes has shifted. The same \
              shift can send inflammatory signals through the blood to the skin.",
    },
    IndicatorDef {
        id: "irregular_bowel",
        group: Group::Digestive,
        text: "Irregular bowel movements: constipation, diarrhoea, or both in turn",
        why: "Irregular digestion is a common sign that the gut's balance or its lining is \
              under strain. A strained lining lets bacterial toxins slip into the blood, where \
              the immune system reacts with inflammation.",
    },
    IndicatorDef {
        id: "ibs",
        group: Group::Digestive,
        text: "Diagnosed irritable bowel syndrome (IBS)",
        why: "IBS often comes with a changed gut microbiome and a more permeable gut lining: \
              the two main routes by which the gut is thought to inflame the skin.",
    },
    IndicatorDef {
        id: "back_chest",
        group: Group::Pattern,
        text: "Breakouts on the back or chest",
        why: "Acne on the body, not only the face, hints at something body-wide. Inflammation \
              carried in the blood can surface wherever there are oil glands.",
    },
    IndicatorDef {
        id: "lower_face",
        group: Group::Pattern,
        text: "Breakouts around the mouth, chin and jawline",
        why: "Breakouts on the lower face are often linked to inflammation that starts in the \
              gut, and also to hormones. A yes here is a clue rather than proof.",
    },
    IndicatorDef {
        id: "topical_resistant",
        group: Group::Treatment,
        text: "Acne that stays despite weeks of consistent topical treatment (such as benzoyl \
               peroxide or retinoids)",
        why: "Creams and gels work on the surface. If the driver is inflammation from inside \
              the body, they tend to bring only brief or small relief.",
    },
    IndicatorDef {
        id: "fatigue",
        group: Group::Systemic,
        text: "Persistent fatigue",
        why: "Lasting tiredness has been linked to gut imbalance and the low-level \
              inflammation that comes with it. It has many other causes too, so it counts as \
              one clue among the others.",
    },
    IndicatorDef {
        id: "brain_fog",
        group: Group::Systemic,
        text: "Brain fog or trouble concentrating",
        why: "The gut and the brain are in constant contact. Gut imbalance and the \
              inflammation it spreads have been linked to foggy, unfocused days.",
    },
];

/// Every checklist version this build can read, oldest first. A version that has shipped is
/// never edited or removed: saved assessments are scored with the questions they answered.
pub const VERSIONS: &[Checklist] = &[Checklist {
    version: 1,
    indicators: V1,
}];

pub const NOT_A_DIAGNOSIS: &str = "This is not a diagnosis. The checklist shows whether your \
    symptoms fit a pattern often linked to the gut; only a clinician can tell what is behind \
    your acne.";

pub const NOT_SURE_MEANS: &str = "\"Not sure\" counts as neither yes nor no.";

/// Signs that need a clinician soon, whatever the checklist says.
#[derive(Debug, Serialize)]
pub struct Warnings {
    pub title: &'static str,
    pub intro: &'static str,
    pub gut: &'static [&'static str],
    pub skin: &'static [&'static str],
}

pub const WARNING_SIGNS: Warnings = Warnings {
    title: "See a clinician soon if any of these apply",
    intro: "These need a doctor's look rather than habits alone, whatever your result.",
    gut: &[
        "Blood in your stools, or black stools",
        "Weight loss you did not intend",
        "Vomiting that keeps coming back",
        "Diarrhoea that wakes you at night",
        "Severe or worsening pain in your abdomen",
        "Fever",
        "Changes in your bowel habits that began after the age of 50",
        "Bowel cancer or inflammatory bowel disease in your family",
    ],
    skin: &[
        "Painful, deep lumps under the skin (nodules or cysts)",
        "Acne that leaves scars",
        "Acne that came on suddenly and severely",
        "Acne together with irregular periods or extra hair growth",
        "Acne that is weighing on your mood",
    ],
};
