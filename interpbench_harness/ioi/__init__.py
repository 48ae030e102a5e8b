"""The IOI cases: indirect-object-identification prompts, their vocabulary, and (to come) the
hand-written high-level circuit the SIIT model is trained to implement."""
