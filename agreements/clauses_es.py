"""The Spanish courtesy translation of each agreement clause (``agreements.clauses``), keyed by the English text it
translates: the awardee reads the agreement in Spanish beside the binding English original (issue 20).

Kept as data beside the clauses, not in the gettext catalog: a legal text is translated whole and reviewed as one, and
``tests/agreements/test_document.py`` fails when a clause of ``agreements.clauses`` has no translation here. Pure
Python: no Django imports.
"""

HEADINGS = {
    "Agreement structure": "Estructura del acuerdo",
    "Operation": "Operación",
    "Delivery and post-inspection": "Entrega e inspección posterior",
    "Destruction of the old equipment": "Destrucción del equipo antiguo",
    "Payment": "Pago",
    "Inspections": "Inspecciones",
    "Reporting and data": "Informes y datos",
    "Performance": "Cumplimiento",
    "Closeout": "Cierre",
    "Access to records and retention": "Acceso a los registros y su conservación",
    "Statement of compliance": "Declaración de cumplimiento",
    "Compliance with labor laws": "Cumplimiento de las leyes laborales",
    "Agreement requirements": "Requisitos del acuerdo",
    "Scrapping": "Desguace",
    "Data collection": "Recopilación de datos",
    "Deliverables": "Entregables",
    "Milestone schedule": "Calendario de hitos",
    "Build America, Buy America and Davis-Bacon": "Build America, Buy America y Davis-Bacon",
    "Contract term and project life": "Plazo del contrato y vida útil del proyecto",
    "Usage": "Uso",
    "Fleet compliance": "Cumplimiento de la flota",
    "Inspections and destruction": "Inspecciones y destrucción",
    "Reporting and monitoring": "Informes y seguimiento",
    "Signature": "Firma",
    "Contract criteria": "Criterios del contrato",
    "Contract term": "Plazo del contrato",
    "Invoices and payment": "Facturas y pago",
}

_LABOR = (
    "El beneficiario notificará por escrito a South Coast AQMD si un tribunal o una agencia federal o estatal "
    "determina que ha infringido las leyes laborales, y completará cada año una certificación que declare que no ha "
    "sido objeto de tal determinación o que detalle dichas infracciones. South Coast AQMD podrá rescindir el acuerdo "
    "con un beneficiario que haya infringido las leyes laborales, y se le podrá exigir que devuelva todos los fondos."
)
_NONDISCRIMINATION = (
    "El beneficiario se compromete a no discriminar ilegalmente a ningún empleado o solicitante de empleo por motivos "
    "de raza, religión, color, origen nacional, ascendencia, discapacidad física, condición médica, estado civil, sexo "
    "o edad (Sección 12990 del Código de Gobierno y Código Administrativo de California, Título II, División 4, "
    "Capítulo 5)."
)
_RECORDS = (
    "La EPA de EE. UU. y South Coast AQMD pueden acceder a los registros del beneficiario relacionados con esta "
    "subvención y realizar auditorías y visitas. El beneficiario conserva todos los registros de la subvención federal "
    "durante al menos tres (3) años a partir de la fecha de presentación del informe financiero final (2 CFR 200.334)."
)

TEXTS = {
    # Before execution (NO_OBLIGATION_BEFORE_EXECUTION)
    "The South Coast AQMD has no obligation to fund a project until an agreement is fully executed by both parties. "
    "The Awardee may place the purchase order once the agreement is executed.": (
        "South Coast AQMD no tiene obligación de financiar ningún proyecto hasta que ambas partes hayan formalizado "
        "plenamente el acuerdo. El beneficiario puede emitir la orden de compra una vez formalizado el acuerdo."
    ),
    "The South Coast AQMD has no obligation to fund a project until an Agreement is fully executed by both parties. "
    "Once it is, the Awardee may proceed to order and purchase the new vehicle.": (
        "South Coast AQMD no tiene obligación de financiar ningún proyecto hasta que ambas partes hayan formalizado "
        "plenamente el acuerdo. Una vez formalizado, el beneficiario puede pedir y comprar el vehículo nuevo."
    ),
    "The South Coast AQMD has no obligation to fund the project until both parties have fully executed the "
    "agreement.": (
        "South Coast AQMD no tiene obligación de financiar el proyecto hasta que ambas partes hayan formalizado "
        "plenamente el acuerdo."
    ),
    "Any orders placed or payments made in advance of an executed contract with the South Coast AQMD are done at the "
    "risk of the applicant. The South Coast AQMD has no obligation to fund the project until a contract is fully "
    "executed by both parties.": (
        "Todo pedido o pago hecho antes de formalizar el contrato con South Coast AQMD corre por cuenta y riesgo del "
        "solicitante. South Coast AQMD no tiene obligación de financiar el proyecto hasta que ambas partes hayan "
        "formalizado plenamente el contrato."
    ),
    "Purchase orders or other purchase commitments shall not be placed until after the award has been provided to "
    "the applicant in writing or an executed contract; orders placed in advance of a fully executed contract are at "
    "the applicant's own risk. New equipment must not be purchased, received, installed, paid for, or placed into "
    "operation prior to contract execution.": (
        "No se emitirán órdenes de compra ni otros compromisos de compra hasta que la subvención se haya comunicado "
        "por escrito al solicitante o se haya formalizado el contrato; los pedidos hechos antes de formalizar el "
        "contrato corren por cuenta y riesgo del solicitante. El equipo nuevo no debe comprarse, recibirse, "
        "instalarse, pagarse ni ponerse en operación antes de formalizar el contrato."
    ),
    # PA2026-01
    "This agreement is executed with the owner for the deployment of the battery electric cargo handling equipment "
    "(BE CHE) and outlines the Awardee's responsibilities, milestones, and deliverables.": (
        "Este acuerdo se formaliza con el propietario para la puesta en servicio del equipo eléctrico de batería para "
        "el manejo de carga (BE CHE) y establece las responsabilidades, los hitos y los entregables del beneficiario."
    ),
    "The new equipment must be domiciled and operated 100% of the time within one or both of the two MSAs for the "
    "full project term, at a minimum five (5) years; if unforeseen circumstances prevent this, documentation must be "
    "provided.": (
        "El equipo nuevo debe tener su base y operar el 100 % del tiempo dentro de una o ambas de las dos MSA durante "
        "todo el plazo del proyecto, como mínimo cinco (5) años; si circunstancias imprevistas lo impiden, deben "
        "presentarse los documentos que lo acrediten."
    ),
    "Upon delivery of the new equipment the Awardee notifies South Coast AQMD staff so a post-inspection may be "
    "performed, on site or virtually, verifying the specifications of the new equipment and that it is operational.": (
        "Al recibir el equipo nuevo, el beneficiario avisa al personal de South Coast AQMD para que pueda hacerse una "
        "inspección posterior, en el lugar o virtual, que verifique las especificaciones del equipo nuevo y que está "
        "en funcionamiento."
    ),
    "Both the old engine and the old equipment must be destroyed and rendered useless within 60 days of delivery of "
    "the new equipment. South Coast AQMD must be notified at least 14 days before the destruction so that an "
    "inspection can be performed. All frame cuts are made on load-bearing frames, and the engine block receives an "
    "irregularly shaped hole at least three inches across at its narrowest point. The Awardee obtains a Certificate "
    "of Destruction from the dismantler and provides a copy within 60 days of the destruction. Salvage costs are not "
    "reimbursed.": (
        "El motor antiguo y el equipo antiguo deben destruirse e inutilizarse dentro de los 60 días siguientes a la "
        "entrega del equipo nuevo. Debe avisarse a South Coast AQMD al menos 14 días antes de la destrucción para que "
        "pueda inspeccionarla. Todos los cortes se hacen en bastidores que soportan carga, y el bloque del motor "
        "recibe un orificio irregular de al menos tres pulgadas en su punto más estrecho. El beneficiario obtiene del "
        "desguazador un Certificado de Destrucción y entrega una copia dentro de los 60 días siguientes a la "
        "destrucción. Los costos de desguace no se reembolsan."
    ),
    "Payment is made on a reimbursement basis after the new equipment is delivered and the old unit is scrapped, upon "
    "approval of the post-inspection report and receipt of the Certificate of Destruction. The final invoice must be "
    "submitted with supporting documents no later than the final invoice date below, unless extended at the sole "
    "discretion of South Coast AQMD.": (
        "El pago se hace como reembolso una vez entregado el equipo nuevo y desguazada la unidad antigua, al aprobarse "
        "el informe de la inspección posterior y recibirse el Certificado de Destrucción. La factura final debe "
        "presentarse con sus documentos justificativos a más tardar en la fecha de factura final indicada abajo, "
        "salvo prórroga a criterio exclusivo de South Coast AQMD."
    ),
    "The Awardee makes all equipment available for in-person or remote inspections; each Awardee is subject to "
    "inspection at South Coast AQMD's and U.S. EPA's discretion.": (
        "El beneficiario pone todo el equipo a disposición para inspecciones presenciales o remotas; todo beneficiario "
        "puede ser inspeccionado a criterio de South Coast AQMD y de la EPA de EE. UU."
    ),
    "The Awardee submits semi-annual usage reports noting the hour usage of the new equipment and meets the usage "
    "requirements of this agreement; data may be collected in real time or through telematics (availability, duty "
    "cycle coverage, hours operated, maintenance and operating costs, energy used, charging, challenges).": (
        "El beneficiario presenta informes semestrales de uso con las horas de uso del equipo nuevo y cumple los "
        "requisitos de uso de este acuerdo; los datos pueden recopilarse en tiempo real o por telemática "
        "(disponibilidad, cobertura del ciclo de trabajo, horas de operación, costos de mantenimiento y operación, "
        "energía consumida, carga, dificultades)."
    ),
    "Where the Awardee cannot meet the program requirements or the usage requirements, South Coast AQMD may extend "
    "the agreement to allow the makeup of the usage shortfall, or authorize a transfer of ownership to another entity "
    "committed to complying with the agreement (after South Coast AQMD and US EPA approve the justification), before "
    "seeking enforcement action.": (
        "Si el beneficiario no puede cumplir los requisitos del programa o los requisitos de uso, South Coast AQMD "
        "puede prorrogar el acuerdo para que se recupere el uso faltante, o autorizar la transferencia de la propiedad "
        "a otra entidad comprometida a cumplir el acuerdo (una vez que South Coast AQMD y la EPA de EE. UU. aprueben "
        "la justificación), antes de recurrir a medidas de ejecución."
    ),
    "Closeout occurs once all required documentation has been received and the Awardee has fulfilled all "
    "obligations.": (
        "El cierre tiene lugar una vez recibida toda la documentación exigida y cumplidas todas las obligaciones del "
        "beneficiario."
    ),
    "US EPA and South Coast AQMD may access the Awardee's records pertinent to this award, perform audits and site "
    "visits. The recipient retains all Federal award records for at least three (3) years from the date of submission "
    "of the final financial report (2 CFR 200.334).": _RECORDS,
    "The Awardee agrees not to unlawfully discriminate against any employee or applicant because of race, religion, "
    "color, national origin, ancestry, physical handicap, medical condition, marital status, sex, or age (Government "
    "Code Section 12990 and California Administrative Code, Title II, Division 4, Chapter 5).": _NONDISCRIMINATION,
    "The recipient will notify South Coast AQMD in writing if found by a court or federal or state agency to have "
    "violated labor laws, and will complete a yearly certification stating either that it has not been so found or "
    "the details of such violations. South Coast AQMD may terminate the agreement with a recipient found to have "
    "violated labor laws, and the recipient may be required to return any and all funds.": _LABOR,
    # PA2026-02
    "The Awardee: is available for a follow-up inspection if requested; scraps the existing vehicle; provides data "
    "for monitoring and compliance through telematics or travel logs; registers the new vehicle in California with "
    "the Department of Motor Vehicles (DMV); maintains insurance on it as required by law; operates it within one of "
    "the MSAs and provides all progress reports; drives it at least 7,000 miles a year, 75% of which within the two "
    "MSAs, for the entire operating period; operates and maintains it with proper maintenance throughout the "
    "agreement term; keeps at least a three-year manufacturer's warranty; and restricts its operation to goods "
    "movement.": (
        "El beneficiario: está disponible para una inspección de seguimiento si se le pide; desguaza el vehículo "
        "existente; aporta datos para el seguimiento y el cumplimiento por telemática o registros de viaje; registra "
        "el vehículo nuevo en California ante el Departamento de Vehículos Motorizados (DMV); lo mantiene asegurado "
        "según exige la ley; lo opera dentro de una de las MSA y entrega todos los informes de avance; lo conduce al "
        "menos 7,000 millas al año, el 75 % de ellas dentro de las dos MSA, durante todo el período de operación; lo "
        "opera y le da el mantenimiento adecuado durante todo el plazo del acuerdo; conserva una garantía del "
        "fabricante de al menos tres años; y limita su uso al transporte de mercancías."
    ),
    "Inspections are performed on the new vehicle; old vehicles and their destruction may be inspected at South "
    "Coast AQMD's discretion, in person or remotely.": (
        "Se inspecciona el vehículo nuevo; los vehículos antiguos y su destrucción pueden inspeccionarse a criterio "
        "de South Coast AQMD, en persona o a distancia."
    ),
    "The existing vehicle is driven, not towed, to a South Coast AQMD-approved dismantler, whose receipt the Awardee "
    "provides before the rebate is processed, and is scrapped within ninety (90) days of the dismantler's receipt, "
    "with a three-inch asymmetrical hole drilled in the engine block and the frame rail cut. Evidence of destruction "
    "includes digital photos of the VIN tag, front, side profile and rear of the vehicle, the engine tag, the engine "
    "block before and after, and the cut frame rails.": (
        "El vehículo existente se lleva conduciendo, no remolcado, a un desguazador aprobado por South Coast AQMD, "
        "cuyo recibo entrega el beneficiario antes de que se tramite el reembolso, y se desguaza dentro de los noventa "
        "(90) días siguientes al recibo del desguazador, con un orificio asimétrico de tres pulgadas en el bloque del "
        "motor y el larguero del bastidor cortado. La prueba de la destrucción incluye fotos digitales de la placa "
        "VIN, del frente, del perfil lateral y de la parte trasera del vehículo, de la etiqueta del motor, del bloque "
        "del motor antes y después, y de los largueros cortados."
    ),
    "For the 5-year operating period the Awardee allows installation of data loggers for real-time data submission "
    "or remote access by the designated third-party data verification organization.": (
        "Durante el período de operación de 5 años, el beneficiario permite instalar registradores de datos para el "
        "envío de datos en tiempo real o el acceso remoto de la organización externa designada para verificarlos."
    ),
    "Semi-annual reports for the 5-year operating period: vehicle miles traveled and energy usage, vehicle "
    "registration and insurance, and other information as requested.": (
        "Informes semestrales durante el período de operación de 5 años: millas recorridas y energía consumida, "
        "registro y seguro del vehículo, y la demás información que se pida."
    ),
    "Where the Awardee cannot meet the program or usage requirements, South Coast AQMD may extend the agreement to "
    "allow the makeup of the usage shortfall; the owner makes its best effort to repair the vehicle and identify a "
    "new operator, and South Coast AQMD and EPA approve the justification before any ownership transfer.": (
        "Si el beneficiario no puede cumplir los requisitos del programa o de uso, South Coast AQMD puede prorrogar el "
        "acuerdo para que se recupere el uso faltante; el propietario hace todo lo posible por reparar el vehículo e "
        "identificar un nuevo operador, y South Coast AQMD y la EPA aprueban la justificación antes de toda "
        "transferencia de la propiedad."
    ),
    "To receive the rebate the Awardee submits proof of purchase (signed sale agreement, proof of payment), the new "
    "vehicle's registration, insurance and warranty, proof of fleet compliance and proof that the existing vehicle "
    "was surrendered to an authorized dismantler; payment follows the inspections of the new vehicle and of the old "
    "vehicle's destruction. All payment requests must be submitted by the payment request date below.": (
        "Para recibir el reembolso, el beneficiario presenta la prueba de compra (contrato de venta firmado, "
        "comprobante de pago), el registro, el seguro y la garantía del vehículo nuevo, la prueba del cumplimiento de "
        "la flota y la prueba de que el vehículo existente se entregó a un desguazador autorizado; el pago sigue a las "
        "inspecciones del vehículo nuevo y de la destrucción del antiguo. Todas las solicitudes de pago deben "
        "presentarse a más tardar en la fecha de solicitud de pago indicada abajo."
    ),
    # PA2026-03
    "The charging equipment is in service for a minimum of five (5) years from the date of commissioning; "
    "installation of DCFC equipment includes at least one EVITP-certified electrician; operational data (including "
    "maintenance and repair records) is provided; the project complies with other programs and is not a CEQA "
    "mitigation measure; a financial statement and bank reference are provided if requested; the Awardee is "
    "available for follow-up inspection, maintains property insurance, operates the infrastructure within one of the "
    "two MSAs, provides all semi-annual reports, meets the minimum kWh a year throughput proposed in the application "
    "(as reviewed by South Coast AQMD staff), furnishes at least one year's manufacturer's warranty and keeps proper "
    "maintenance.": (
        "El equipo de carga está en servicio al menos cinco (5) años desde la fecha de puesta en marcha; la "
        "instalación de equipos DCFC incluye al menos un electricista certificado por EVITP; se entregan los datos de "
        "operación (incluidos los registros de mantenimiento y reparación); el proyecto cumple los demás programas y "
        "no es una medida de mitigación de CEQA; se entregan un estado financiero y una referencia bancaria si se "
        "piden; el beneficiario está disponible para inspecciones de seguimiento, mantiene un seguro de la propiedad, "
        "opera la infraestructura dentro de una de las dos MSA, entrega todos los informes semestrales, alcanza el "
        "mínimo de kWh al año propuesto en la solicitud (según lo revisó el personal de South Coast AQMD), ofrece al "
        "menos un año de garantía del fabricante y mantiene el equipo adecuadamente."
    ),
    "The milestones of the project implementation schedule below are those of Attachment A as proposed in the "
    "application; invoices may be submitted at milestones prescribed in this agreement.": (
        "Los hitos del calendario de ejecución del proyecto indicados abajo son los del Anexo A propuestos en la "
        "solicitud; pueden presentarse facturas en los hitos que fija este acuerdo."
    ),
    "Semi-annual and annual reports for the 5-year operation requirement: number of charging stations and hoses per "
    "charger, annual throughput and energy usage, unscheduled downtime and its cause; proof of property insurance; "
    "records of the energy meter supporting the reported usage.": (
        "Informes semestrales y anuales durante el requisito de operación de 5 años: número de estaciones de carga y "
        "de mangueras por cargador, energía suministrada y consumida al año, tiempo de inactividad no programado y su "
        "causa; prueba del seguro de la propiedad; registros del medidor de energía que respaldan el uso informado."
    ),
    "Payment is made upon completion of the installation and verification of the charger capacity (an Adequate "
    "Facility Letter or equivalent) and the BABA certifications, against an itemized invoice and proof of expenditure "
    "with the vendor's detailed cost breakdown; one payment per site, at most $700 per kW and never more than the "
    "purchase and installation cost.": (
        "El pago se hace al terminar la instalación y verificarse la capacidad del cargador (una Adequate Facility "
        "Letter o equivalente) y las certificaciones BABA, contra una factura detallada y la prueba del gasto con el "
        "desglose de costos del proveedor; un pago por sitio, como máximo $700 por kW y nunca más que el costo de "
        "compra e instalación."
    ),
    "Iron, steel, manufactured products and construction materials meet the BABA provisions, with the manufacturer's "
    "certification letter before payment; contractors performing construction pay the locally prevailing wage (DBRA), "
    "with weekly certified payrolls kept for three years after completion.": (
        "El hierro, el acero, los productos manufacturados y los materiales de construcción cumplen las disposiciones "
        "BABA, con la carta de certificación del fabricante antes del pago; los contratistas que realizan la obra "
        "pagan el salario prevaleciente local (DBRA), y conservan las nóminas certificadas semanales durante tres años "
        "después de terminar."
    ),
    "Where the Awardee cannot meet the program requirements, South Coast AQMD may extend the agreement to make up the "
    "usage shortfall; the owner makes its best effort to repair the equipment and identify a new operator, and South "
    "Coast AQMD and EPA approve the justification before any ownership transfer.": (
        "Si el beneficiario no puede cumplir los requisitos del programa, South Coast AQMD puede prorrogar el acuerdo "
        "para que se recupere el uso faltante; el propietario hace todo lo posible por reparar el equipo e identificar "
        "un nuevo operador, y South Coast AQMD y la EPA aprueban la justificación antes de toda transferencia de la "
        "propiedad."
    ),
    # PA2025-04
    "The contract term runs from execution by both parties through the post-inspection confirming the project "
    "operational (the project completion period) and then for the project life (the implementation period): the "
    "number of years used to determine the cost-effectiveness, which also sets the length of the annual reporting "
    "obligation.": (
        "El plazo del contrato va desde su formalización por ambas partes hasta la inspección posterior que confirma "
        "que el proyecto está en funcionamiento (el período de terminación del proyecto) y luego durante la vida útil "
        "del proyecto (el período de ejecución): el número de años usado para determinar la rentabilidad, que también "
        "fija la duración de la obligación de informes anuales."
    ),
    "The annual hours used to calculate the cost-effectiveness are included in this contract. An extension of the "
    "contract or partial payback of funds may be required if they are not achieved. Project equipment is domiciled "
    "and operates a minimum of 75 percent of the time within the South Coast AQMD jurisdiction for the full project "
    "life.": (
        "Las horas anuales usadas para calcular la rentabilidad se incluyen en este contrato. Si no se alcanzan, puede "
        "exigirse una prórroga del contrato o la devolución parcial de los fondos. El equipo del proyecto tiene su base "
        "y opera al menos el 75 por ciento del tiempo dentro de la jurisdicción de South Coast AQMD durante toda la "
        "vida útil del proyecto."
    ),
    "The contractor demonstrates compliance with CARB's In-Use Off-Road Diesel-Fueled Fleets Regulation throughout "
    "the contract term and does not use the funded equipment's lower emission rate for its fleet average, target "
    "rate or BACT credit in DOORS during the contract period.": (
        "El contratista demuestra el cumplimiento del Reglamento de CARB para flotas diésel todoterreno en uso durante "
        "todo el plazo del contrato y no usa la menor tasa de emisiones del equipo financiado para su promedio de "
        "flota, su tasa objetivo ni créditos BACT en DOORS durante el período del contrato."
    ),
    "Pre-inspections, post-inspections and destruction inspections of all funded vehicles, engines and equipment are "
    "conducted by South Coast AQMD; the engine or equipment being repowered or replaced is destroyed.": (
        "South Coast AQMD realiza las inspecciones previas, posteriores y de destrucción de todos los vehículos, "
        "motores y equipos financiados; el motor o el equipo que se remotoriza o se reemplaza se destruye."
    ),
    "An annual report throughout the project life with the annual hours of operation, where the equipment was "
    "operated, and operational and maintenance issues and how they were resolved, with the annual DOORS Fleet "
    "Compliance Snapshot; records kept and made available for inspection throughout the project life.": (
        "Un informe anual durante toda la vida útil del proyecto con las horas anuales de operación, dónde operó el "
        "equipo y los problemas de operación y mantenimiento y cómo se resolvieron, con el resumen anual de "
        "cumplimiento de la flota en DOORS; los registros se conservan y se ponen a disposición para inspección "
        "durante toda la vida útil del proyecto."
    ),
    "Payment is made upon installation and commencement of operation of the funded equipment: 85 percent of the "
    "repower invoice, 80 percent of the replacement invoice, 85 percent of the zero-emission invoice, or the contract "
    "maximum amount, whichever is less.": (
        "El pago se hace al instalarse y empezar a operar el equipo financiado: el 85 por ciento de la factura de "
        "remotorización, el 80 por ciento de la factura de reemplazo, el 85 por ciento de la factura de cero "
        "emisiones, o el monto máximo del contrato, lo que sea menor."
    ),
    "No third-party contracts are executed: this contract is signed by the equipment owner.": (
        "No se formalizan contratos con terceros: este contrato lo firma el propietario del equipo."
    ),
    # PA2022-01
    "The project provides real, surplus, quantifiable and enforceable emission reductions; the equipment is "
    "domiciled within the SCAB; the replacement achieves an annual NOx benefit of at least 15 percent; the equipment "
    "operates in service for the full project life, within the SCAB for 75% of the time (CMP) or within California "
    "for at least 90% of the time (Prop 1B); it is in operation within eighteen (18) months of contract execution or "
    "by the in-operation date below, whichever is earlier, and complies with CARB's Truck and Bus Regulation; records "
    "are kept during the project life (annual mileage) with annual reports; equipment and records are available for "
    "audit and inspection.": (
        "El proyecto logra reducciones de emisiones reales, excedentes, cuantificables y exigibles; el equipo tiene su "
        "base dentro de la SCAB; el reemplazo logra un beneficio anual de NOx de al menos el 15 por ciento; el equipo "
        "está en servicio durante toda la vida útil del proyecto, dentro de la SCAB el 75 % del tiempo (CMP) o dentro "
        "de California al menos el 90 % del tiempo (Prop 1B); entra en operación dentro de los dieciocho (18) meses "
        "siguientes a la formalización del contrato o a más tardar en la fecha de entrada en operación indicada abajo, "
        "lo que ocurra primero, y cumple el Reglamento de CARB para camiones y autobuses; se llevan registros durante "
        "la vida útil del proyecto (millaje anual) con informes anuales; el equipo y los registros están disponibles "
        "para auditoría e inspección."
    ),
    "The project life used for the emission reductions sets the length of the annual reporting obligation and of "
    "this contract (Proposition 1B: five years).": (
        "La vida útil del proyecto usada para las reducciones de emisiones fija la duración de la obligación de "
        "informes anuales y de este contrato (Proposición 1B: cinco años)."
    ),
    "Pre- and post-inspections of all funded vehicles are conducted, virtually where stated; the engine or vehicle "
    "being replaced is destroyed, verified virtually unless otherwise specified.": (
        "Se realizan inspecciones previas y posteriores de todos los vehículos financiados, de forma virtual donde así "
        "se indique; el motor o el vehículo que se reemplaza se destruye, lo que se verifica de forma virtual salvo "
        "que se indique otra cosa."
    ),
    "An annual report for each year of the contract term, or project life, with the annual miles, where the vehicle "
    "was operated, and operational and maintenance issues and how they were resolved.": (
        "Un informe anual por cada año del plazo del contrato, o de la vida útil del proyecto, con las millas anuales, "
        "dónde operó el vehículo y los problemas de operación y mantenimiento y cómo se resolvieron."
    ),
    "All funding sources are reported before invoice payment; the sum of all grants does not exceed 85% of the "
    "project cost for a non-public applicant. All project invoices must be submitted no later than the invoice date "
    "below, or the funding may be forfeited. Full payment is made upon installation and commencement of operation of "
    "the funded equipment.": (
        "Todas las fuentes de financiamiento se declaran antes del pago de la factura; la suma de todas las "
        "subvenciones no supera el 85 % del costo del proyecto para un solicitante no público. Todas las facturas del "
        "proyecto deben presentarse a más tardar en la fecha de factura indicada abajo, o podrá perderse el "
        "financiamiento. El pago completo se hace al instalarse y empezar a operar el equipo financiado."
    ),
}


def heading(english: str) -> str:
    return HEADINGS.get(english, english)


def text(english: str) -> str:
    return TEXTS.get(english, english)
